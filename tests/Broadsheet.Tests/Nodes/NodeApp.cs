using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broadsheet.Tests.Nodes;

/// <summary>
/// One node of a site: the app with Redis (<c>ConnectionStrings:Redis</c> and a key prefix), on its own database or on
/// the database of the node it joins. The publication watcher is left out, so that settings can only reach another node
/// through Redis, not through the watcher's 5-second poll.
/// </summary>
public sealed class NodeApp : BroadsheetApp
{
    private readonly string provider;

    public NodeApp(string provider, string redis, string prefix, NodeApp? joins = null, bool migrateAtStartup = true)
    {
        this.provider = provider;
        Configure("ConnectionStrings:Redis", redis);
        Configure("Broadsheet:Redis:Prefix", prefix);
        Configure("Broadsheet:Database:MigrateAtStartup", migrateAtStartup ? "true" : "false");
        // Nodes of one site share the key that seals the key ring in the database (a node with Redis requires one).
        KeyEncryptionKeyValue = joins?.KeyEncryptionKeyValue ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Configure(Broadsheet.Accounts.KeyEncryptionKey.SettingName, KeyEncryptionKeyValue);
        if (joins is not null)
        {
            Configure("Broadsheet:DataDir", joins.SharedDataDir);
            SharedDataDir = joins.SharedDataDir;
        }
        else
        {
            SharedDataDir = DataDir;
        }

        if (provider == "PostgreSQL")
        {
            if (joins?.Postgres is { } shared)
            {
                UsePostgres(shared);
            }
            else
            {
                UsePostgres();
            }
        }
    }

    public override string ProviderName => provider;

    /// <summary>The site's key-encryption key, the same on all its nodes.</summary>
    public string KeyEncryptionKeyValue { get; }

    /// <summary>The data folder (and SQLite database) of the site, shared by its nodes.</summary>
    public string SharedDataDir { get; }

    /// <summary>Warnings the app logged, for tests that expect one.</summary>
    public WarningLog Warnings { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Warnings));
        builder.ConfigureServices(services =>
        {
            foreach (var watcher in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PublicationWatcher)).ToList())
            {
                services.Remove(watcher);
            }
        });
    }
}
