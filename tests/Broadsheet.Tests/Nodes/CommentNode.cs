using System.Collections.Concurrent;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Broadsheet.Tests.Nodes;

/// <summary>
/// One node of a site in the test process: the comment-ready newsroom app on a PostgreSQL database other nodes share
/// (the test creates and drops it), with the node's own data folder and any further settings.
/// </summary>
public sealed class CommentNode : CommentApp
{
    public CommentNode(PostgresTestDatabase database, IReadOnlyDictionary<string, string?> settings)
    {
        Configure("Broadsheet:Database:Provider", "PostgreSQL");
        Configure("ConnectionStrings:Broadsheet", database.ConnectionString);
        foreach (var (key, value) in settings)
        {
            Configure(key, value);
        }
    }

    public override string ProviderName => "PostgreSQL";

    public WarningLog Warnings { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Warnings));
    }

    // The database belongs to the test, not to this node, so the base class's check of a database of its own does not apply.
    public override Task InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    /// <summary>Starts nodes one after the other (the first migrates the shared database).</summary>
    public static async Task<CommentNode[]> StartAsync(PostgresTestDatabase database, params IReadOnlyDictionary<string, string?>[] settings)
    {
        var nodes = new List<CommentNode>();
        foreach (var nodeSettings in settings)
        {
            var node = new CommentNode(database, nodeSettings);
            await node.InitializeAsync();
            nodes.Add(node);
        }

        return [.. nodes];
    }

    public static async Task StopAsync(PostgresTestDatabase database, params CommentNode[] nodes)
    {
        foreach (var node in nodes)
        {
            await ((IAsyncLifetime)node).DisposeAsync();
        }

        await database.DropAsync();
    }
}

/// <summary>Collects warning-level log entries (and above), for tests of what the app tells its operator.</summary>
public sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(WarningLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
