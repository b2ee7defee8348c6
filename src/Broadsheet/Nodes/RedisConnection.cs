using StackExchange.Redis;

namespace Broadsheet.Nodes;

/// <summary>
/// The one connection to Redis a node holds when <c>ConnectionStrings:Redis</c> is set (several nodes); without it
/// the node keeps its in-process defaults. The connection is made on first use and never fails start-up: while
/// Redis is unreachable the client keeps reconnecting, and every user of it falls back as its feature says.
/// </summary>
public sealed class RedisConnection(string configuration, string prefix) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> connection = new(() => ConnectAsync(configuration));

    /// <summary>The connection, made on first use; its commands throw <see cref="RedisException"/> while Redis is down.</summary>
    public Task<IConnectionMultiplexer> GetAsync() => connection.Value;

    /// <summary>
    /// What every key and channel of this site starts with (<c>Broadsheet:Redis:Prefix</c>, default <c>broadsheet:</c>),
    /// so several sites can share one Redis.
    /// </summary>
    public string Prefix { get; } = prefix;

    public const string DefaultPrefix = "broadsheet:";

    private static async Task<IConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Start even when Redis is down at that moment; the multiplexer reconnects in the background.
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection.IsValueCreated)
        {
            await (await connection.Value).DisposeAsync();
        }
    }
}

public static class NodesSetup
{
    public const string RedisConnectionName = "Redis";

    /// <summary>Whether this installation runs as several nodes sharing Redis (<c>ConnectionStrings:Redis</c> is set).</summary>
    public static bool UsesRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(RedisConnectionName));

    /// <summary>Registers <see cref="RedisConnection"/> when Redis is configured; features ask for it as optional.</summary>
    public static WebApplicationBuilder AddNodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SiteSettingsChannel>();
        if (builder.Configuration.UsesRedis())
        {
            var prefix = builder.Configuration["Broadsheet:Redis:Prefix"];
            var redis = new RedisConnection(
                builder.Configuration.GetConnectionString(RedisConnectionName)!,
                string.IsNullOrWhiteSpace(prefix) ? RedisConnection.DefaultPrefix : prefix);
            builder.Services.AddSingleton(redis);
            builder.Services.AddSharedOutputCache(redis.Prefix);
            builder.Services.AddHostedService<SiteSettingsListener>();
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        }

        return builder;
    }
}
