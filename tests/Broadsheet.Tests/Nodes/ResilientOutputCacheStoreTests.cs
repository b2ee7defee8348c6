using System.Collections.Concurrent;
using Broadsheet.Nodes;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Broadsheet.Tests.Nodes;

/// <summary>
/// The store around Redis's output cache, with a Redis that fails on demand (the connection itself stays up, as when
/// the server stalls or refuses): what an outage costs, and what the store makes up for when it ends.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit ends the connection through IAsyncLifetime.DisposeAsync.")]
public sealed class ResilientOutputCacheStoreTests : IAsyncLifetime
{
    private readonly RedisConnection connection = new(RedisTest.SharedConnectionString, RedisTest.UniquePrefix());
    private readonly FlakyStore redis = new();
    private readonly FakeTimeProvider clock = new();
    private readonly Warnings log = new();
    private ResilientOutputCacheStore store = null!;

    public async Task InitializeAsync()
    {
        await connection.GetAsync();
        store = new ResilientOutputCacheStore(redis, connection, clock, log);
    }

    public async Task DisposeAsync() => await connection.DisposeAsync();

    [Fact]
    public async Task An_eviction_lost_while_redis_fails_is_done_on_its_return_before_anything_is_read_from_it()
    {
        redis.Failing = true;
        await store.EvictByTagAsync("article:7", CancellationToken.None);
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
        await store.SetAsync("page", [1, 2, 3], ["site"], TimeSpan.FromMinutes(1), CancellationToken.None);

        redis.Failing = false;
        // Within the pause after a failure, Redis is not asked at all.
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
        Assert.Empty(redis.Calls);

        clock.Advance(ResilientOutputCacheStore.RetryAfter);
        await store.GetAsync("page", CancellationToken.None);
        Assert.Equal(["evict article:7", "get page"], redis.Calls);
        Assert.Single(log.Entries, e => e.Contains("Redis is unreachable", StringComparison.Ordinal));
        Assert.Contains(log.Entries, e => e.Contains("Redis answers again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_redis_is_a_miss_and_a_skipped_write_never_an_error()
    {
        redis.Failing = true;
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
        clock.Advance(ResilientOutputCacheStore.RetryAfter);
        await store.SetAsync("page", [1], null, TimeSpan.FromMinutes(1), CancellationToken.None);
        clock.Advance(ResilientOutputCacheStore.RetryAfter);
        await store.EvictByTagAsync("site", CancellationToken.None);

        // One warning for the whole outage, however many requests met it.
        Assert.Single(log.Entries, e => e.Contains("Redis is unreachable", StringComparison.Ordinal));
    }

    private sealed class FlakyStore : IOutputCacheStore
    {
        public volatile bool Failing;

        public ConcurrentQueue<string> Calls { get; } = new();

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => Do($"evict {tag}");

        public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
        {
            await Do($"get {key}");
            return null;
        }

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => Do($"set {key}");

        private ValueTask Do(string call)
        {
            if (Failing)
            {
                throw new RedisConnectionException(ConnectionFailureType.SocketFailure, "The test's Redis refuses.");
            }

            Calls.Enqueue(call);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Warnings : ILogger<ResilientOutputCacheStore>
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
