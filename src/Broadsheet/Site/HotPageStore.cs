using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;

namespace Broadsheet.Site;

/// <summary>
/// The in-process output-cache store, telling <see cref="HotPages"/> what it stores and evicts. Evictions reach the
/// store first, then the held pages. A buffer store when the store it wraps is one, so the framework hands a page over
/// in its pooled buffer (<see cref="OffHeapOutputCacheStore"/>).
/// </summary>
public sealed class HotPageStore : IOutputCacheBufferStore
{
    private readonly IOutputCacheStore inner;
    private readonly HotPages pages;
    private readonly IHttpContextAccessor accessor;

    public HotPageStore(IOutputCacheStore inner, HotPages pages, IHttpContextAccessor accessor)
    {
        this.inner = inner;
        this.pages = pages;
        this.accessor = accessor;
        if (inner is OffHeapOutputCacheStore offHeap)
        {
            // A page is remembered only while the store keeps its entry: a crawl through a large archive, each page
            // stored once and soon dropped for the budget, leaves nothing behind.
            offHeap.Left += pages.Left;
        }
    }

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
        if (!Put(key, new ReadOnlySequence<byte>(value), tags is null ? [] : [.. tags], validFor))
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        }
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (Put(key, value, tags.ToArray(), validFor))
        {
            return;
        }

        if (inner is IOutputCacheBufferStore buffered)
        {
            await buffered.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        else
        {
            await inner.SetAsync(key, value.ToArray(), tags.ToArray(), validFor, cancellationToken);
        }
    }

    /// <summary>
    /// Stores the page in the in-process store and tells the held pages which entry it went to (none: not kept);
    /// false when the store wrapped is another, which the held pages do not follow.
    /// </summary>
    /// <param name="tags">A copy the store may keep: each tag becomes the store's own string for it.</param>
    private bool Put(string key, ReadOnlySequence<byte> value, string[] tags, TimeSpan validFor)
    {
        if (inner is not OffHeapOutputCacheStore offHeap)
        {
            return false;
        }

        // Before the store: its own expiry, counted from when it stores, is then never earlier than the held page's.
        var at = pages.Now;
        HotPages.Stored(accessor.HttpContext, offHeap.Put(key, value, tags, validFor), at, validFor);
        return true;
    }

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken) =>
        await OffHeapOutputCacheStore.WriteAsync(await GetAsync(key, cancellationToken), destination, cancellationToken);

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        await inner.EvictByTagAsync(tag, cancellationToken);
        pages.Evicted(tag);
    }
}
