using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace Broadsheet.Site;

/// <summary>
/// The in-process output-cache store. It keeps what the framework's own keeps, the same way: a
/// <see cref="MemoryCache"/> for the budget, the lifetimes and the least recently used to drop, and each tag's entries to
/// evict together. The difference is where an entry's bytes live: in native memory, outside the GC heap.
/// <para>
/// Why: under a load that turns the cache over (more pages read than it holds, as a crawl through a large archive), the
/// framework's store let go of pages that had lived long enough to reach the GC's oldest generation. There they stayed
/// until a full, compacting collection: each megabyte of budget cost about one and a half of resident memory, and a
/// cached site at 100,000 articles peaked 150 MB above the same site uncached (README, "Memory"). Native memory is
/// given back the moment an entry goes. Under that load the process peaked 10-45 MB lower (374-392 MB against
/// 396-419 MB in six alternating runs each, at the same CPU a request within the noise).
/// </para>
/// <para>
/// A read copies the entry out while holding a reference to it (<see cref="SafeHandle"/>'s count): an entry evicted
/// meanwhile is freed after the copy, never during it. An entry smaller than <see cref="SmallEntry"/> (the More
/// Articles lists kept beside the pages) stays the array it was given and is handed back as it is, as the framework's
/// store does: its reader parses it once per entry, keyed by that array (<see cref="Articles.MoreArticlesCache"/>).
/// </para>
/// <para>
/// It is also a buffer store (<see cref="IOutputCacheBufferStore"/>): the framework then hands over a page in the pooled
/// buffer it serialized it into, and a large page goes from there to native memory without the right-sized array
/// the framework makes for a plain store, one page-sized allocation less for every page rendered.
/// </para>
/// </summary>
public sealed class NativeOutputCacheStore : IOutputCacheBufferStore, IDisposable
{
    private readonly MemoryCache cache;

    /// <summary>Each tag's entries by key: the entry stored last for a key, so a replaced one cannot unregister it.</summary>
    private readonly Dictionary<string, Dictionary<string, Entry>> tagged = new(StringComparer.Ordinal);

    /// <summary>Entries smaller than this stay on the GC heap.</summary>
    public const int SmallEntry = 16 * 1024;

    private readonly Lock gate = new();
    private long held;

    public NativeOutputCacheStore(long sizeLimit) =>
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimit });

    /// <summary>Bytes of entries held in native memory now (stored and not yet freed).</summary>
    public long NativeBytes => Interlocked.Read(ref held);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(cache.Get(key) is Entry entry ? entry.Read() : null);
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Store(new Entry(this, key, new ReadOnlySequence<byte>(value), value, tags ?? []), validFor);
        return ValueTask.CompletedTask;
    }

    /// <summary>Stores a page from the framework's own buffer, which is only lent for the call: the entry copies it.</summary>
    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Store(new Entry(this, key, value, null, tags.ToArray()), validFor);
        return ValueTask.CompletedTask;
    }

    /// <remarks>The framework reads through <see cref="GetAsync"/>; this is for a caller that wants the bytes in a pipe.</remarks>
    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken) =>
        await WriteAsync(await GetAsync(key, cancellationToken), destination, cancellationToken);

    /// <summary>Writes a stored entry (none: nothing) to <paramref name="destination"/>, as a buffer store's <c>TryGetAsync</c> does.</summary>
    internal static async ValueTask<bool> WriteAsync(byte[]? entry, PipeWriter destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (entry is null)
        {
            return false;
        }

        destination.Write(entry);
        await destination.FlushAsync(cancellationToken);
        return true;
    }

    private void Store(Entry entry, TimeSpan validFor)
    {
        var key = entry.Key;
        var options = new MemoryCacheEntryOptions { Size = entry.Length, AbsoluteExpirationRelativeToNow = validFor };
        options.RegisterPostEvictionCallback(static (_, stored, _, state) => ((NativeOutputCacheStore)state!).Gone((Entry)stored!), this);

        // Registered and stored under the lock, as the framework's store does: an eviction of one of its tags comes
        // before both or after both, and of two stores of one key at once, the one left in the cache is the one its
        // tags name. MemoryCache calls the eviction callbacks on the thread pool, never inside Set.
        lock (gate)
        {
            foreach (var tag in entry.Tags)
            {
                if (!tagged.TryGetValue(tag, out var keys))
                {
                    tagged[tag] = keys = new Dictionary<string, Entry>(StringComparer.Ordinal);
                }

                keys[key] = entry;
            }

            cache.Set(key, entry, options);
            if (!cache.TryGetValue(key, out var kept) || !ReferenceEquals(kept, entry))
            {
                // Not taken (the budget was full): its callback may come too, and freeing twice is safe.
                Gone(entry);
            }
        }
    }

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        lock (gate)
        {
            // Taken out first: an entry's callback (later, on another thread) then finds nothing of this tag to change.
            if (tagged.Remove(tag, out var keys))
            {
                foreach (var key in keys.Keys)
                {
                    cache.Remove(key);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        // Every entry goes through its callback; those still tagged when the cache is gone are freed here.
        cache.Clear();
        cache.Dispose();
        lock (gate)
        {
            foreach (var entry in tagged.Values.SelectMany(keys => keys.Values))
            {
                entry.Dispose();
            }

            tagged.Clear();
        }
    }

    /// <summary>The entry left the cache (evicted, expired, replaced, or never taken): its tags forget it, its memory goes.</summary>
    private void Gone(Entry entry)
    {
        lock (gate)
        {
            foreach (var tag in entry.Tags)
            {
                if (tagged.TryGetValue(tag, out var keys) && keys.TryGetValue(entry.Key, out var registered) && ReferenceEquals(registered, entry))
                {
                    keys.Remove(entry.Key);
                    if (keys.Count == 0)
                    {
                        tagged.Remove(tag);
                    }
                }
            }
        }

        entry.Dispose();
    }

    /// <summary>
    /// One stored entry: its bytes in native memory, freed when disposed and no read holds it any more; or, when it is
    /// small, the array it was given.
    /// </summary>
    private sealed class Entry : SafeHandle
    {
        private readonly NativeOutputCacheStore owner;
        private readonly byte[]? small;

        /// <param name="array">The value as an array the entry may keep, when it was given one.</param>
        public Entry(NativeOutputCacheStore owner, string key, ReadOnlySequence<byte> value, byte[]? array, string[] tags)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            this.owner = owner;
            Key = key;
            Tags = tags;
            Length = checked((int)value.Length);
            if (Length < SmallEntry)
            {
                small = array ?? value.ToArray();
                return;
            }

            // Counted as soon as it exists: freeing it (even after a failed copy) takes the same bytes off.
            SetHandle(Marshal.AllocHGlobal(Length));
            Interlocked.Add(ref owner.held, Length);
            var at = 0;
            foreach (var segment in value)
            {
                var part = MemoryMarshal.TryGetArray(segment, out var lent) ? lent : new ArraySegment<byte>(segment.ToArray());
                if (part.Count > Length - at)
                {
                    Dispose();
                    throw new ArgumentException("The sequence's pieces hold more bytes than its length says.", nameof(value));
                }

                Marshal.Copy(part.Array!, part.Offset, handle + at, part.Count);
                at += part.Count;
            }
        }

        public string Key { get; }
        public string[] Tags { get; }
        public int Length { get; }

        public override bool IsInvalid => handle == IntPtr.Zero;

        /// <summary>The bytes (a copy, unless small); null when the entry was freed before the read could hold it.</summary>
        public byte[]? Read()
        {
            if (small is not null)
            {
                return small;
            }

            var held = false;
            try
            {
                DangerousAddRef(ref held);
                var copy = GC.AllocateUninitializedArray<byte>(Length);
                Marshal.Copy(handle, copy, 0, Length);
                return copy;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            finally
            {
                if (held)
                {
                    DangerousRelease();
                }
            }
        }

        protected override bool ReleaseHandle()
        {
            Marshal.FreeHGlobal(handle);
            Interlocked.Add(ref owner.held, -Length);
            return true;
        }
    }
}
