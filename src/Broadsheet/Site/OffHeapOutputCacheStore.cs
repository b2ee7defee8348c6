using System.Buffers;
using System.IO.Hashing;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace Broadsheet.Site;

/// <summary>
/// The in-process output-cache store. It keeps what the framework's own keeps, the same way: a
/// <see cref="MemoryCache"/> for the budget, the lifetimes and the least recently used to drop, and each tag's entries to
/// evict together. The difference is where an entry's bytes live: outside the GC heap, in a file
/// (<see cref="OutputCacheFile"/>, the default) or in native memory.
/// <para>
/// Why: under a load that turns the cache over (more pages read than it holds, as a crawl through a large archive), the
/// framework's store let go of pages that had lived long enough to reach the GC's oldest generation. There they stayed
/// until a full, compacting collection: each megabyte of budget cost about one and a half of resident memory, and a
/// cached site at 100,000 articles peaked 150 MB above the same site uncached (README, "Memory"). Native memory is
/// given back the moment an entry goes, but is still the process's: 1.2-1.3 MB of resident memory a megabyte of budget.
/// A file's bytes are the kernel's page cache, which the kernel drops when memory is short.
/// </para>
/// <para>
/// A read copies the entry out while holding a reference to it (<see cref="SafeHandle"/>'s count): an entry evicted
/// meanwhile gives its memory or blocks back after the copy, never during it. A reader may also keep the entry itself and
/// copy from it while it holds it (<see cref="HotPages"/>, which writes the body straight into the connection's
/// buffers). Every entry, however small, is kept this way: the More Articles lists kept beside the pages
/// (<see cref="Articles.MoreArticlesCache"/>) lie in the file too.
/// </para>
/// <para>
/// It is also a buffer store (<see cref="IOutputCacheBufferStore"/>): the framework then hands over a page in the pooled
/// buffer it serialized it into, and the page goes from there to the file or native memory without the right-sized
/// array the framework makes for a plain store, one page-sized allocation less for every page rendered.
/// </para>
/// <para>
/// Once the budget is nearly full, a page is kept only when it is asked for a second time (<see cref="Admits"/>). Least
/// recently used eviction alone lets a read of more pages than the budget holds (a crawler going through the archive,
/// or readers spread over a large site) push out everything, the pages read every minute too, and then finds no page
/// it kept in the next pass: at 100,000 articles a mixed load of 5,000 pages got almost no hits from a 64 MB budget.
/// A page read once under pressure now costs nothing to keep and evicts nothing.
/// </para>
/// </summary>
public sealed class OffHeapOutputCacheStore : IOutputCacheBufferStore, IDisposable
{
    private readonly MemoryCache cache;

    /// <summary>
    /// Each tag's entries. An entry's tags are the very strings this keeps as keys: a tag such as <c>site</c> or a
    /// section's is on thousands of entries, and a page names twenty or so (its cards' articles among them), so at
    /// 100,000 articles separate copies of the same names took about 5 MB of the heap.
    /// </summary>
    private readonly Dictionary<string, TagEntries> tagged = new(StringComparer.Ordinal);

    private readonly Lock gate = new();
    private readonly OutputCacheFile? file;
    private readonly ILogger logger;
    private long held;
    private int failures;

    /// <summary>
    /// What the entries the cache keeps take of the budget (<see cref="Entry.Footprint"/>), counted when one is taken
    /// and when it leaves.
    /// </summary>
    private long kept;

    /// <summary>Past this much of the budget taken, a page is kept only on its second miss (nine tenths of it).</summary>
    private readonly long admitFreelyUpTo;

    /// <summary>
    /// The keys (their 64-bit hashes) of pages turned away once under pressure: one of them stored again is kept. Two
    /// generations: when the newer holds <see cref="seenCapacity"/> keys, it becomes the older and the older is
    /// forgotten, so the recent misses are remembered, in a bounded space, and none is forgotten just after it came.
    /// </summary>
    private HashSet<ulong> seen = [];

    private HashSet<ulong> seenBefore = [];

    private readonly Lock seenGate = new();
    private readonly int seenCapacity;

    /// <param name="file">Where entries' bytes go; none: native memory. The store disposes it.</param>
    public OffHeapOutputCacheStore(long sizeLimit, OutputCacheFile? file = null, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeLimit);
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimit });
        this.file = file;
        this.logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        admitFreelyUpTo = sizeLimit / 10 * 9;
        // As many keys a generation as the budget has blocks, within bounds: 16,384 for 64 MB, about 650 KB of the heap
        // for both generations.
        seenCapacity = (int)Math.Clamp(sizeLimit / OutputCacheFile.BlockSize, 1024, 65536);
    }

    /// <summary>Bytes of entries held outside the GC heap now, in the file or native memory (stored and not yet given back).</summary>
    public long HeldBytes => Interlocked.Read(ref held);

    /// <summary>How many entries the store keeps now.</summary>
    internal int Count => cache.Count;

    /// <summary>The file the entries are in; none when they are in native memory.</summary>
    public OutputCacheFile? File => file;

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult(Get(key, out _));

    /// <summary>The bytes stored under <paramref name="key"/>, and the entry they were read from (none: a miss).</summary>
    internal byte[]? Get(string key, out Entry? read)
    {
        ArgumentNullException.ThrowIfNull(key);
        read = null;
        if (cache.Get(key) is not Entry entry)
        {
            return null;
        }

        try
        {
            var bytes = entry.Read();
            read = bytes is null ? null : entry;
            return bytes;
        }
        catch (IOException exception)
        {
            Failed(entry, exception);
            return null;
        }
    }

    /// <summary>
    /// A disk that fails a read: answered as a miss, and the page rendered again takes the entry's place (the entry
    /// goes, unless another has already taken its key).
    /// </summary>
    internal void Failed(Entry entry, IOException exception)
    {
        Failed(exception, "read");
        if (cache.Get(entry.Key) is Entry current && ReferenceEquals(current, entry))
        {
            cache.Remove(entry.Key);
        }
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        // A copy: the store's own (its strings become the ones it keeps).
        Put(key, new ReadOnlySequence<byte>(value), tags is null ? [] : [.. tags], validFor);
        return ValueTask.CompletedTask;
    }

    /// <summary>Stores a page from the framework's own buffer, which is only lent for the call: the entry copies it.</summary>
    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Put(key, value, tags.ToArray(), validFor);
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

    /// <summary>
    /// Told of every entry that leaves the store (evicted, expired, replaced, never taken), once it can no longer be
    /// held: for a reader that remembers something about entries (<see cref="HotPages"/>), so that it remembers it no
    /// longer than the store keeps the entry.
    /// </summary>
    internal Action<Entry>? Left { get; set; }

    /// <summary>
    /// Stores a copy of <paramref name="value"/>; returns the entry, or none when it was not kept (a failing disk, the
    /// budget full, or nearly full and the page asked for the first time).
    /// </summary>
    /// <param name="tags">The entry's own array: each tag becomes the string the store keeps for it.</param>
    internal Entry? Put(string key, ReadOnlySequence<byte> value, string[] tags, TimeSpan validFor)
    {
        if (!Admits(key, value.Length))
        {
            return null;
        }

        Entry entry;
        try
        {
            entry = new Entry(this, key, value, tags);
        }
        catch (IOException exception)
        {
            // A full or failing disk: the page was served, it is just not kept.
            Failed(exception, "write");
            return null;
        }
        catch (ObjectDisposedException)
        {
            // The store is being disposed (the app stops): nothing more is kept.
            return null;
        }

        // The budget counts what the entry takes: whole blocks of the file.
        var options = new MemoryCacheEntryOptions { Size = entry.Footprint, AbsoluteExpirationRelativeToNow = validFor };
        options.RegisterPostEvictionCallback(static (_, stored, _, state) => ((OffHeapOutputCacheStore)state!).Gone((Entry)stored!), this);

        bool taken;

        // Registered and stored under the lock, as the framework's store does: an eviction of one of its tags comes
        // before both or after both, and of two stores of one key at once, the one left in the cache is the one its
        // tags name. MemoryCache calls the eviction callbacks on the thread pool, never inside Set.
        lock (gate)
        {
            // The entry's own array (the store's copy): each tag becomes the string kept for it.
            for (var i = 0; i < tags.Length; i++)
            {
                if (!tagged.TryGetValue(tags[i], out var entries))
                {
                    tagged[tags[i]] = entries = new TagEntries(tags[i]);
                }

                tags[i] = entries.Name;
                entries.Add(entry);
            }

            cache.Set(key, entry, options);
            taken = cache.TryGetValue(key, out var kept) && ReferenceEquals(kept, entry);
        }

        if (!taken)
        {
            // Not taken (the budget was full): its callback may come too, and freeing twice is safe. Outside the lock,
            // as every other callback is. The cache makes room in the background, and the page is let in at its next miss.
            Gone(entry);
            Remember(key);
            return null;
        }

        entry.Counted(ref kept);
        return entry;
    }

    /// <summary>
    /// Whether a page of <paramref name="length"/> bytes is to be kept: always while the entries kept take less than
    /// nine tenths of the budget; past that, only a page turned away before (and still remembered in <see cref="seen"/>).
    /// So under pressure a page read once is never kept, and one read again replaces the least recently used; the
    /// pages read every minute stay. nginx's <c>proxy_cache_min_uses</c> asks for the same second request, always.
    /// </summary>
    private bool Admits(string key, long length)
    {
        var footprint = file is null ? length : (long)OutputCacheFile.BlocksFor(length) * OutputCacheFile.BlockSize;
        if (Interlocked.Read(ref kept) + footprint <= admitFreelyUpTo)
        {
            return true;
        }

        var hash = Hash(key);
        lock (seenGate)
        {
            if (seen.Remove(hash) | seenBefore.Remove(hash))
            {
                return true;
            }

            Remember(hash);
            return false;
        }
    }

    private static ulong Hash(string key) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()));

    /// <summary>Remembers a page turned away: its next miss stores it.</summary>
    private void Remember(string key)
    {
        var hash = Hash(key);
        lock (seenGate)
        {
            Remember(hash);
        }
    }

    private void Remember(ulong hash)
    {
        if (seen.Count >= seenCapacity)
        {
            (seenBefore, seen) = (seen, seenBefore);
            seen.Clear();
        }

        if (seen.Count == 0)
        {
            // Sized once, when first used (a site that never fills its budget never makes them): never grown, and kept
            // through Clear.
            seen.EnsureCapacity(seenCapacity);
        }

        seen.Add(hash);
    }

    /// <summary>How much of the budget the entries kept take now (whole blocks in the file).</summary>
    internal long KeptBytes => Interlocked.Read(ref kept);

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        lock (gate)
        {
            // Taken out first: an entry's callback (later, on another thread) then finds none of these entries under the
            // tag (at most a set made for it since, without them) and changes nothing.
            if (tagged.Remove(tag, out var entries))
            {
                foreach (var entry in entries)
                {
                    // Not a later entry of the same key that this tag is not on (until the earlier one's callback, both are here).
                    if (cache.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry))
                    {
                        cache.Remove(entry.Key);
                    }
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Logs the first failure of the file as a warning (with what it was), the rest at debug level.</summary>
    private void Failed(IOException exception, string doing)
    {
        if (Interlocked.Increment(ref failures) == 1)
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning(exception, "The output cache could not {Doing} its file; pages are served from the database until it can. Further failures are logged at Debug level.", doing);
            }
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug(exception, "The output cache could not {Doing} its file.", doing);
        }
    }

    public void Dispose()
    {
        // Every entry goes through its callback; those still tagged when the cache is gone are freed here.
        cache.Clear();
        cache.Dispose();
        lock (gate)
        {
            foreach (var entry in tagged.Values.SelectMany(entries => entries))
            {
                entry.Dispose();
            }

            tagged.Clear();
        }

        file?.Dispose();
    }

    /// <summary>The entry left the cache (evicted, expired, replaced, or never taken): its tags forget it, its memory goes.</summary>
    private void Gone(Entry entry)
    {
        // First: a reader that still holds it must not let another hold it (its bytes go when the last hold ends).
        entry.IsGone = true;
        entry.Uncounted(ref kept);
        lock (gate)
        {
            foreach (var tag in entry.Tags)
            {
                if (tagged.TryGetValue(tag, out var entries) && entries.Remove(entry) && entries.Count == 0)
                {
                    tagged.Remove(tag);
                }
            }
        }

        try
        {
            Left?.Invoke(entry);
        }
        finally
        {
            entry.Dispose();
        }
    }

    /// <summary>The entries a tag is on (each once, however many share a key until the earlier one's callback), and the tag's one string.</summary>
    private sealed class TagEntries(string name) : HashSet<Entry>
    {
        public string Name { get; } = name;
    }

    /// <summary>
    /// One stored entry: its bytes in blocks of the store's file or in native memory, given back when disposed and no
    /// read holds it any more. A reader may keep the entry itself (<see cref="HotPages"/>) and copy its bytes straight to
    /// where they go, while it is held (<see cref="TryHold"/>).
    /// </summary>
    internal sealed class Entry : SafeHandle
    {
        private readonly OffHeapOutputCacheStore owner;
        private readonly int[]? blocks;
        private bool gone;
        private int counted;
        private string? heldAs;

        /// <exception cref="IOException">The file could not take the bytes: nothing is held.</exception>
        public Entry(OffHeapOutputCacheStore owner, string key, ReadOnlySequence<byte> value, string[] tags)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            this.owner = owner;
            Key = key;
            Tags = tags;
            Length = checked((int)value.Length);
            // Counted as soon as it exists: giving it back (even after a failed copy) takes the same bytes off.
            if (owner.file is { } file)
            {
                blocks = file.Rent(Length);
                SetHandle(1);
            }
            else
            {
                SetHandle(Marshal.AllocHGlobal(Math.Max(1, Length)));
            }

            Interlocked.Add(ref owner.held, Length);
            try
            {
                Copy(value);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string Key { get; }
        public string[] Tags { get; }
        public int Length { get; }

        /// <summary>The key a reader remembers the entry under (<see cref="HotPages"/>), to forget it when it leaves (<see cref="Left"/>).</summary>
        public string? HeldAs
        {
            get => Volatile.Read(ref heldAs);
            set => Volatile.Write(ref heldAs, value);
        }

        /// <summary>What the entry takes: its blocks of the file, or its length.</summary>
        public long Footprint => blocks is null ? Length : (long)blocks.Length * OutputCacheFile.BlockSize;

        /// <summary>Adds the footprint to <paramref name="total"/> once, when the cache has taken the entry.</summary>
        public void Counted(ref long total)
        {
            if (Interlocked.CompareExchange(ref counted, 1, 0) == 0)
            {
                Interlocked.Add(ref total, Footprint);
            }
        }

        /// <summary>
        /// Takes the footprint off <paramref name="total"/> again if it was added, and makes sure it never is: the cache
        /// may let the entry go (on another thread) before the one that stored it has counted it.
        /// </summary>
        public void Uncounted(ref long total)
        {
            if (Interlocked.Exchange(ref counted, 2) == 1)
            {
                Interlocked.Add(ref total, -Footprint);
            }
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        private void Copy(ReadOnlySequence<byte> value)
        {
            var at = 0;
            foreach (var segment in value)
            {
                if (segment.Length > Length - at)
                {
                    throw new ArgumentException("The sequence's pieces hold more bytes than its length says.", nameof(value));
                }

                at += segment.Length;
            }

            if (at != Length)
            {
                throw new ArgumentException("The sequence's pieces hold fewer bytes than its length says.", nameof(value));
            }

            if (blocks is not null)
            {
                owner.file!.Write(blocks, value);
                return;
            }

            at = 0;
            foreach (var segment in value)
            {
                var part = MemoryMarshal.TryGetArray(segment, out var lent) ? lent : new ArraySegment<byte>(segment.ToArray());
                Marshal.Copy(part.Array!, part.Offset, handle + at, part.Count);
                at += part.Count;
            }
        }

        /// <summary>The store the entry is in.</summary>
        public OffHeapOutputCacheStore Owner => owner;

        /// <summary>Whether the bytes are in the store's file (not native memory).</summary>
        public bool InFile => blocks is not null;

        /// <summary>Whether the entry has left the store (its bytes go once no read holds it).</summary>
        public bool IsGone
        {
            get => Volatile.Read(ref gone);
            set => Volatile.Write(ref gone, value);
        }

        /// <summary>
        /// Holds the entry for reads with <see cref="CopyTo"/>: its bytes are not given back, even if it is evicted,
        /// until <see cref="Let"/>. False: it has been given back already (evicted, expired, replaced).
        /// </summary>
        public bool TryHold()
        {
            var held = false;
            try
            {
                DangerousAddRef(ref held);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            if (held && IsGone)
            {
                // Left the store while another read still holds it: not held again.
                DangerousRelease();
                return false;
            }

            return held;
        }

        /// <summary>Ends a <see cref="TryHold"/>.</summary>
        public void Let() => DangerousRelease();

        /// <summary>Copies the entry's bytes from <paramref name="start"/> into <paramref name="destination"/>, while held.</summary>
        /// <exception cref="IOException">The file could not be read.</exception>
        public void CopyTo(int start, Span<byte> destination)
        {
            if ((uint)start > (uint)Length || destination.Length > Length - start)
            {
                throw new ArgumentOutOfRangeException(nameof(start), "The bytes asked for lie outside the entry.");
            }

            if (blocks is not null)
            {
                owner.file!.Read(blocks, start, destination);
            }
            else
            {
                // Native memory (not the default): through a pooled array, as the app takes no unsafe code.
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(destination.Length, 64 * 1024));
                try
                {
                    for (var done = 0; done < destination.Length;)
                    {
                        var part = Math.Min(buffer.Length, destination.Length - done);
                        Marshal.Copy(handle + start + done, buffer, 0, part);
                        buffer.AsSpan(0, part).CopyTo(destination[done..]);
                        done += part;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        /// <summary>
        /// Counts as a read of the entry for the budget's order of use, as <see cref="GetAsync"/> does: a page answered
        /// only from where a reader keeps it is then not the first to go.
        /// </summary>
        public void Touch() => owner.cache.TryGetValue(Key, out _);

        /// <summary>A copy of the bytes; null when the entry has left the store or was given back before the read could hold it.</summary>
        /// <exception cref="IOException">The file could not be read.</exception>
        public byte[]? Read()
        {
            if (!TryHold())
            {
                return null;
            }

            try
            {
                var copy = GC.AllocateUninitializedArray<byte>(Length);
                if (blocks is null)
                {
                    // Straight into the array, not through CopyTo's pooled buffer.
                    Marshal.Copy(handle, copy, 0, Length);
                }
                else
                {
                    CopyTo(0, copy);
                }

                return copy;
            }
            finally
            {
                Let();
            }
        }

        protected override bool ReleaseHandle()
        {
            if (blocks is not null)
            {
                owner.file!.Return(blocks);
            }
            else
            {
                Marshal.FreeHGlobal(handle);
            }

            Interlocked.Add(ref owner.held, -Length);
            return true;
        }
    }
}
