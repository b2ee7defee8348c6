using Broadsheet.Data;
using System.Threading.Channels;
using Broadsheet.Site;
using StackExchange.Redis;

namespace Broadsheet.Nodes;

/// <summary>
/// Site settings are held in memory on every node. When the newsroom saves them on one node, this tells the others
/// over Redis pub/sub (<c>{prefix}site-settings</c>), and each reads them from the database at once. Without Redis, or
/// while it is down, the publication watcher's poll still brings them within seconds. The section and footer menus,
/// held in memory the same way, use the same message (see <see cref="MenuChanges"/>).
/// </summary>
public sealed class SiteSettingsChannel(IServiceProvider services, ILogger<SiteSettingsChannel> logger)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(2);

    public static RedisChannel Channel(RedisConnection redis) => RedisChannel.Literal(redis.Prefix + "site-settings");

    /// <summary>Tells every node the settings were saved; never fails the save.</summary>
    public Task SettingsSavedAsync(CancellationToken cancellationToken = default)
        => services.GetService<RedisConnection>() is { } redis ? PublishAsync(redis, cancellationToken) : Task.CompletedTask;

    /// <summary>Apart from <see cref="SettingsSavedAsync"/>, so a site without Redis never loads the Redis client's types.</summary>
    private async Task PublishAsync(RedisConnection redis, CancellationToken cancellationToken)
    {
        try
        {
            var multiplexer = await redis.GetAsync().WaitAsync(PublishTimeout, cancellationToken);
            if (multiplexer.IsConnected)
            {
                await multiplexer.GetSubscriber().PublishAsync(Channel(redis), "saved").WaitAsync(PublishTimeout, cancellationToken);
                return;
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(exception, "Could not tell the other nodes that the site settings changed; they read them within seconds anyway.");
            return;
        }

        logger.LogWarning("Redis is unreachable: the other nodes read the new site settings within seconds instead of at once.");
    }
}

/// <summary>Listens on the settings channel for as long as the node runs, and reloads the settings on each message.</summary>
public sealed class SiteSettingsListener(RedisConnection redis, IServiceScopeFactory scopes, ILogger<SiteSettingsListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = await SubscribeAsync(stoppingToken);
        if (queue is null)
        {
            return;
        }

        try
        {
            // The client subscribes again by itself after a reconnection; messages sent meanwhile are the poll's to catch.
            while (!stoppingToken.IsCancellationRequested)
            {
                await queue.ReadAsync(stoppingToken);
                await RefreshAsync(stoppingToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            // The node is stopping.
        }
    }

    private async Task<ChannelMessageQueue?> SubscribeAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await redis.GetAsync().WaitAsync(stoppingToken);
                return await multiplexer.GetSubscriber().SubscribeAsync(SiteSettingsChannel.Channel(redis));
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis down at start: the node runs on the poll until it can subscribe.
                logger.LogDebug(exception, "Could not subscribe to site settings changes yet.");
            }

            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            // The same message says the section or footer menu changed.
            var settingsChanged = await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().RefreshAsync(db, stoppingToken);
            var menusChanged = await scope.ServiceProvider.GetRequiredService<MenuChanges>().RefreshAsync(db, stoppingToken);
            if (settingsChanged || menusChanged)
            {
                // A page this node rendered with the old settings or menus after the saving node evicted may now be cached: evict again.
                await scope.ServiceProvider.GetRequiredService<PageCacheEviction>().SiteChangedAsync(stoppingToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not reload the site settings another node saved; the next poll tries again.");
        }
    }
}
