using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;

namespace Broadsheet.Site;

/// <summary>
/// The in-process output-cache store, telling <see cref="HotPages"/> what it stores and evicts. Evictions reach the
/// store first, then the held pages. A buffer store when the store it wraps is one, so the framework hands a page over
/// in its pooled buffer (<see cref="OffHeapOutputCacheStore"/>).
/// </summary>
public sealed class HotPageStore(IOutputCacheStore inner, HotPages pages, IHttpContextAccessor accessor) : IOutputCacheBufferStore
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (inner is OffHeapOutputCacheStore offHeap)
        {
            var bytes = offHeap.Get(key, out var source);
            HotPages.Read(accessor.HttpContext, bytes, source);
            return bytes;
        }

        return await inner.GetAsync(key, cancellationToken);
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        // Before the store: its own expiry, counted from when it stores, is then never earlier than the held page's.
        var at = pages.Now;
        await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        HotPages.Stored(accessor.HttpContext, tags ?? [], at, validFor);
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var at = pages.Now;
        // The store's own strings for the tags where it has them: the held page keeps the same ones.
        var kept = inner is OffHeapOutputCacheStore offHeap ? offHeap.Shared(tags.Span) : tags.ToArray();
        if (inner is IOutputCacheBufferStore buffered)
        {
            await buffered.SetAsync(key, value, kept, validFor, cancellationToken);
        }
        else
        {
            await inner.SetAsync(key, value.ToArray(), kept, validFor, cancellationToken);
        }

        HotPages.Stored(accessor.HttpContext, kept, at, validFor);
    }

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken) =>
        await OffHeapOutputCacheStore.WriteAsync(await GetAsync(key, cancellationToken), destination, cancellationToken);

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        await inner.EvictByTagAsync(tag, cancellationToken);
        pages.Evicted(tag);
    }
}
