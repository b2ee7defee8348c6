using Broadsheet.Site;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Broadsheet.Nodes;

/// <summary>
/// With Redis, every node keeps its cached pages in Redis (Microsoft's Redis output-cache store), so a tag evicted on
/// one node is gone for all of them at once. The store is wrapped in <see cref="ResilientOutputCacheStore"/>: Redis
/// going down costs cache hits, never pages.
/// </summary>
public static class SharedOutputCache
{
    private const string RedisStoreKey = "redis";

    public static IServiceCollection AddSharedOutputCache(this IServiceCollection services, string prefix)
    {
        services.AddStackExchangeRedisOutputCache(options => options.InstanceName = prefix + "output-cache:");
        services.AddOptions<Microsoft.AspNetCore.OutputCaching.StackExchangeRedis.RedisOutputCacheOptions>()
            .Configure<RedisConnection>((options, redis) => options.ConnectionMultiplexerFactory = redis.GetAsync);

        // The Redis store was just registered as the IOutputCacheStore; it moves behind a key, and the wrapper takes its place.
        var redisStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.RemoveAll<IOutputCacheStore>();
        services.Add(ServiceDescriptor.KeyedSingleton(typeof(IOutputCacheStore), RedisStoreKey, redisStore.ImplementationType
            ?? throw new InvalidOperationException("The Redis output-cache store is registered in a way this version does not expect.")));
        services.AddSingleton<IOutputCacheStore>(sp => new ResilientOutputCacheStore(
            sp.GetRequiredKeyedService<IOutputCacheStore>(RedisStoreKey),
            sp.GetRequiredService<RedisConnection>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ResilientOutputCacheStore>>()));
        return services;
    }
}

/// <summary>
/// The Redis output-cache store, made harmless when Redis is unreachable: a read is a miss, a write is skipped, so
/// pages are rendered from the database. The node logs a warning when Redis goes and a line when it is back.
/// An eviction that could not reach Redis is remembered and done on its return, before anything is read from
/// Redis again, so a page changed during the outage is never served stale afterwards.
/// </summary>
public sealed class ResilientOutputCacheStore(IOutputCacheStore redis, RedisConnection connection, TimeProvider time, ILogger<ResilientOutputCacheStore> logger)
    : IOutputCacheStore
{
    /// <summary>A read or write slower than this counts as Redis being unreachable: a page rendered afresh is faster.</summary>
    internal static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(1);

    /// <summary>After a failure Redis is left alone this long, so a dead server costs no request any waiting.</summary>
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Beyond this many lost evictions, the whole cache goes on recovery instead.</summary>
    private const int MaxRememberedTags = 1000;

    private readonly Lock gate = new();
    private readonly HashSet<string> lostEvictions = new(StringComparer.Ordinal);
    private bool down;
    private long retryAt;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!await IsUsableAsync())
        {
            return null;
        }

        try
        {
            var value = await redis.GetAsync(key, cancellationToken).AsTask().WaitAsync(OperationTimeout, time, cancellationToken);
            MarkUp();
            return value;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            MarkDown(exception);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!await IsUsableAsync())
        {
            return;
        }

        try
        {
            await redis.SetAsync(key, value, tags, validFor, cancellationToken).AsTask().WaitAsync(OperationTimeout, time, cancellationToken);
            MarkUp();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            MarkDown(exception);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        if (await IsUsableAsync())
        {
            try
            {
                // No extra time limit: a large tag takes several round trips, and the client's own timeout still applies.
                await redis.EvictByTagAsync(tag, cancellationToken);
                MarkUp();
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                MarkDown(exception);
            }
        }

        Remember(tag);
    }

    /// <summary>
    /// Whether Redis may be asked now: connected, and not within the pause after a failure. During an outage one
    /// request per pause tries Redis again, and first does the evictions lost meanwhile, so nothing stale is read
    /// from Redis afterwards. Never waits for Redis when it is known to be away.
    /// </summary>
    private async ValueTask<bool> IsUsableAsync()
    {
        var multiplexer = connection.GetAsync();
        if (!multiplexer.IsCompletedSuccessfully)
        {
            // Still making the first connection (or it failed): a miss now, no waiting behind it.
            if (multiplexer.IsFaulted)
            {
                MarkDown(multiplexer.Exception);
            }

            return false;
        }

        if (!multiplexer.Result.IsConnected)
        {
            MarkDown(null);
            return false;
        }

        string[] lost;
        lock (gate)
        {
            if (!down)
            {
                return true;
            }

            if (time.GetTimestamp() < retryAt)
            {
                return false;
            }

            // This request tries; the others go on without the cache until the next pause ends.
            retryAt = NextTry();
            lost = [.. lostEvictions];
        }

        try
        {
            foreach (var tag in lost)
            {
                await redis.EvictByTagAsync(tag, CancellationToken.None);
                lock (gate)
                {
                    lostEvictions.Remove(tag);
                }
            }
        }
        catch (Exception exception)
        {
            MarkDown(exception);
            return false;
        }

        return true;
    }

    private long NextTry() => time.GetTimestamp() + (long)(RetryAfter.TotalSeconds * time.TimestampFrequency);

    private void MarkUp()
    {
        lock (gate)
        {
            if (!down || lostEvictions.Count > 0)
            {
                // Up already; or an eviction was lost meanwhile, which the next try does first.
                return;
            }

            down = false;
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Redis answers again: pages are cached in Redis again.");
        }
    }

    private void MarkDown(Exception? exception)
    {
        bool wasUp;
        lock (gate)
        {
            wasUp = !down;
            down = true;
            retryAt = NextTry();
        }

        if (wasUp && logger.IsEnabled(LogLevel.Warning))
        {
            // Once per outage, not per request: a warning, because readers still get every page.
            logger.LogWarning("Redis is unreachable ({Reason}): pages are rendered from the database and not cached until it is back.",
                exception?.GetBaseException().Message ?? "not connected");
        }
    }

    private void Remember(string tag)
    {
        lock (gate)
        {
            down = true;
            if (lostEvictions.Count >= MaxRememberedTags && !lostEvictions.Contains(tag))
            {
                // Every cached response carries the site tag: evicting it on recovery covers all that was lost.
                lostEvictions.Clear();
                lostEvictions.Add(PageCache.SiteTag);
            }
            else if (!lostEvictions.Contains(PageCache.SiteTag))
            {
                lostEvictions.Add(tag);
            }
        }
    }
}
