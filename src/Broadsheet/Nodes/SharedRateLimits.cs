using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Broadsheet.Nodes;

/// <summary>
/// Makes the fixed-window limiters of comments, reports, subscriptions, sign-in and the API. Without Redis each is the
/// framework's in-process limiter, as on a single node. With Redis (several nodes) a window is counted in Redis
/// (RedisRateLimiting), so a client cannot get the limit once per node; while Redis is unreachable each node counts
/// alone, so posting is neither refused nor left unlimited, and the change is logged once each way.
/// </summary>
public sealed class SharedRateLimits(ILogger<SharedRateLimits> logger, RedisConnection? redis = null)
{
    /// <summary>
    /// How long a request waits for Redis before counting locally. Redis answers in well under a millisecond; the client
    /// library would otherwise hold a command for its 5-second timeout while it reconnects.
    /// </summary>
    private static readonly TimeSpan RedisWait = TimeSpan.FromMilliseconds(500);

    private int redisDown;

    /// <summary>
    /// A limiter per key (a client's address, an email address) allowing <paramref name="permits"/> per <paramref name="window"/>.
    /// Ask it with <c>AcquireAsync</c>: with Redis, <c>AttemptAcquire</c> cannot ask Redis and always refuses.
    /// </summary>
    public PartitionedRateLimiter<string> PerKey(string name, int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => Partition(name, key, permits, window));

    /// <summary>The partition for a rate-limiting policy of the middleware (which asks asynchronously when a synchronous attempt fails).</summary>
    public RateLimitPartition<string> Partition(string name, string key, int permits, TimeSpan window)
    {
        var options = new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0 };
        return redis is null
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => options)
            : RateLimitPartition.Get(key, k => new SharedFixedWindowLimiter(this, redis, $"{name}:{k}", options));
    }

    /// <summary>Asks Redis; null when Redis cannot answer now, and the caller counts locally.</summary>
    internal async ValueTask<RateLimitLease?> TryRedisAsync(RedisConnection connection, Func<IConnectionMultiplexer, ValueTask<RateLimitLease>> acquire)
    {
        try
        {
            var connecting = connection.GetAsync();
            var multiplexer = connecting.IsCompletedSuccessfully ? connecting.Result : await connecting.WaitAsync(RedisWait);
            if (!multiplexer.IsConnected)
            {
                Down("not connected");
                return null;
            }

            var lease = await acquire(multiplexer).AsTask().WaitAsync(RedisWait);
            if (Interlocked.Exchange(ref redisDown, 0) == 1)
            {
                logger.LogInformation("Redis answers again: rate limits are counted across nodes again.");
            }

            return lease;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Down(e.GetType().Name);
            return null;
        }
    }

    private void Down(string reason)
    {
        if (Interlocked.Exchange(ref redisDown, 1) == 0)
        {
            logger.LogWarning("Redis is unreachable ({Reason}): this node counts rate limits on its own until Redis answers again.", reason);
        }
    }
}

/// <summary>One client's window: in Redis when it answers, else in this node's memory.</summary>
internal sealed class SharedFixedWindowLimiter(SharedRateLimits limits, RedisConnection connection, string key, FixedWindowRateLimiterOptions options) : RateLimiter
{
    private readonly FixedWindowRateLimiter local = new(options);
    private RedisFixedWindowRateLimiter<string>? shared;

    // The partitioned limiter drops a limiter idle for a while: the Redis count lives on in Redis, the local one must not be lost.
    public override TimeSpan? IdleDuration
    {
        get
        {
            if (local.IdleDuration is not { } localIdle)
            {
                return null;
            }

            return shared is null ? localIdle
                : shared.IdleDuration is { } sharedIdle ? TimeSpan.FromTicks(Math.Min(localIdle.Ticks, sharedIdle.Ticks))
                : null;
        }
    }

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    // Redis cannot be asked synchronously; the middleware then asks AcquireAsync, as RedisRateLimiting expects.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Refused.Instance;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var lease = await limits.TryRedisAsync(connection, multiplexer =>
            Shared(multiplexer).AcquireAsync(permitCount, cancellationToken));
        return lease is null ? local.AttemptAcquire(permitCount) : new RedisLease(lease);
    }

    private RedisFixedWindowRateLimiter<string> Shared(IConnectionMultiplexer multiplexer) =>
        shared ??= new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = options.Window,
            ConnectionMultiplexerFactory = () => PrefixedConnection.Create(multiplexer, connection.Prefix),
        });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            local.Dispose();
            shared?.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Refused : RateLimitLease
    {
        public static readonly Refused Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    /// <summary>RedisRateLimiting's lease, with its wait also under the framework's name, as the API's 429 answer reads it.</summary>
    private sealed class RedisLease(RateLimitLease inner) : RateLimitLease
    {
        public override bool IsAcquired => inner.IsAcquired;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames.Append(MetadataName.RetryAfter.Name);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName.RetryAfter.Name)
            {
                var known = inner.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds);
                metadata = known ? TimeSpan.FromSeconds(Math.Max(1, seconds)) : null;
                return known;
            }

            return inner.TryGetMetadata(metadataName, out metadata);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
