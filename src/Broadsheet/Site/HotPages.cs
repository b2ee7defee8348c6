using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using FrameworkOutputCacheOptions = Microsoft.AspNetCore.OutputCaching.OutputCacheOptions;

namespace Broadsheet.Site;

/// <summary>
/// The output cache's most-read pages answered in front of the framework's output cache. A hit here is a dictionary
/// lookup, the stored headers and the body copied from the output cache's own entry (in its file: one read for each
/// run of blocks) straight into the connection's buffers: no lookup dispatcher, no entry to read back from its stored
/// form, no policies, and no copy of the page on the GC heap, except for the pages read every second (up to an eighth
/// of the budget, <see cref="Promote"/>). Everything else stays with the framework's output cache, which remains the
/// authority:
/// <list type="bullet">
/// <item>A page is remembered when the framework stores it (seen in <see cref="HotPageStore.SetAsync"/> during the
/// same request), with the lifetime and tags it was stored with, so it never outlives the framework's copy (an
/// article whose comments close soon is stored for less than <see cref="PageCache.Lifetime"/>). It is answered here
/// only once the framework answers the page from its store: a page read once (most of a large archive, crawled)
/// costs nothing here. From then on it is answered from the entry the store handed out for that answer. It is
/// forgotten when the store lets that entry go (<see cref="Left"/>), so the table is no larger than the store, but for
/// the moment the store's callbacks take.</item>
/// <item>Every eviction reaches the framework's store first and then drops the pages held here with that tag. A
/// page rendered while one of its tags was evicted is not held. An entry the store lets go for any other reason (its
/// budget, a replacement) cannot be read any more, and its page is then left to the framework again.</item>
/// <item>Only plain anonymous GETs are answered here: HEAD, conditional requests (If-None-Match, If-Modified-Since)
/// and requests with credentials go to the framework's output cache as before.</item>
/// <item>Only with the in-process store: with Redis, another node's eviction must reach every node at once, so the
/// pages are read from Redis.</item>
/// </list>
/// Held pages share a budget (<see cref="OutputCacheOptions.HotMegabytes"/>, counted in their bodies' bytes, which
/// stay in the store); past it the least recently read are let go and keep what they were stored with, so the
/// framework's next hit for them holds them again. Held only once read again, a crawl through the archive does not
/// push the most-read pages out. Until 2026-12-05 the bodies were held on the GC heap; at 100,000 articles under a
/// mixed load that was about 24 MB of the cached process's peak (README, "Memory").
/// </summary>
public sealed class HotPages
{
    /// <summary>
    /// More remembered pages than this (most of them without a body) and the table starts again. A guard only: a page
    /// is remembered while the output cache keeps it, and its budget holds fewer.
    /// </summary>
    private const int MaxSlots = 100_000;

    /// <summary>More remembered evicted tags than this and every page rendered before the cut is refused.</summary>
    private const int MaxEvictedTags = 10_000;

    /// <summary>Headers about the connection, or that depend on the moment of sending: set when a page is written.</summary>
    private static readonly HashSet<string> NotKept = new(
        [HeaderNames.Age, HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.Server],
        StringComparer.OrdinalIgnoreCase);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> evictedAt = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly CacheBeforeRouting early;
    private readonly TimeProvider time;
    private readonly long budget;
    private readonly long heapBudget;
    private long sequence;
    private long floor;
    private long heldBytes;
    private long heapBytes;

    /// <summary>How many times the table started again (<see cref="MaxSlots"/>): a copy reserved before that is not refunded after.</summary>
    private long restarts;

    public HotPages(CacheBeforeRouting early, IOptions<BroadsheetOptions> options, IOptions<FrameworkOutputCacheOptions> framework)
    {
        this.early = early;
        // The framework's output cache reads its clock (the stored Date, Age, expiry) from the system's, whatever the app's.
        time = TimeProvider.System;
        budget = options.Value.OutputCache.HotMegabytes * 1024L * 1024L;
        heapBudget = budget / 8;
        MaximumBody = (int)Math.Min(budget / 4, framework.Value.MaximumBodySize);
    }

    /// <summary>Whether the app's output-cache store is the in-process one this table follows.</summary>
    public bool Attached { get; private set; }

    /// <summary>A larger page is left to the framework's output cache.</summary>
    public int MaximumBody { get; }

    /// <summary>How many bytes of bodies are held now.</summary>
    public long HeldBytes => Interlocked.Read(ref heldBytes);

    /// <summary>How many pages are remembered now, held or not: no more than the output cache keeps, once its callbacks have run (<see cref="Left"/>).</summary>
    internal int Remembered => slots.Count;

    /// <summary>How many bytes of those are also copied to the heap: pages read at least once a second (an eighth of the budget at most).</summary>
    public long HeapBytes => Interlocked.Read(ref heapBytes);

    internal void Attach() => Attached = budget > 0;

    /// <summary>Whether a body is held for this path (any host, query or encoding).</summary>
    internal bool Holds(string path) => HeldFor(path).Any();

    /// <summary>Whether every page held for this path is answered from an entry <paramref name="store"/> still keeps.</summary>
    internal bool ServesFromStore(string path, OffHeapOutputCacheStore store) =>
        HeldFor(path).All(slot => ReferenceEquals(slot.Entry.Owner, store) && !slot.Entry.IsGone);

    /// <summary>The slots of this path that hold a body.</summary>
    private IEnumerable<Slot> HeldFor(string path) =>
        slots.Where(slot => slot.Value.Page is not null && new Uri(slot.Key[..slot.Key.IndexOf('\n')]).AbsolutePath == path)
            .Select(slot => slot.Value);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var headers = request.Headers;
        if (!HttpMethods.IsGet(request.Method)
            || !StringValues.IsNullOrEmpty(headers.Authorization)
            || !StringValues.IsNullOrEmpty(headers.IfNoneMatch)
            || !StringValues.IsNullOrEmpty(headers.IfModifiedSince)
            || !early.Applies(context))
        {
            return next(context);
        }

        var key = KeyOf(request);
        slots.TryGetValue(key, out var slot);
        var now = time.GetUtcNow();
        if (slot?.Page is { } page && now < slot.ExpiresAt)
        {
            if (slot.Entry.TryHold())
            {
                return WriteAsync(context, slot, page, now);
            }

            // The output cache let the entry go (its budget, a replacement): so does this page.
            Forget(slot, page);
        }

        return FillAsync(context, next, key, slot);
    }

    /// <summary>
    /// The output cache's key made from the same parts (scheme, host, path base, path, the query parameters pages vary
    /// by, Accept-Encoding), never coarser: two requests that share a copy here share it in the framework's cache too.
    /// </summary>
    private static string KeyOf(HttpRequest request)
    {
        var key = string.Concat(request.Scheme, "://", request.Host.Value, request.PathBase.Value, request.Path.Value);
        if (request.QueryString.HasValue)
        {
            // A parameter pages do not vary by shares the page's copy, as it does in the output cache; so does an empty one.
            foreach (var name in PageCache.VaryByQueryKeys)
            {
                if (request.Query.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values))
                {
                    key = string.Concat(key, "\n", name, "=", string.Join('\u001f', values.ToArray()));
                }
            }
        }

        return string.Concat(key, "\n\n", request.Headers.AcceptEncoding.ToString());
    }

    /// <summary>Answers with a held page, its entry held by the caller (<see cref="OffHeapOutputCacheStore.Entry.TryHold"/>) and let go here.</summary>
    private Task WriteAsync(HttpContext context, Slot slot, Page page, DateTimeOffset now)
    {
        var response = context.Response;
        var source = slot.Entry;
        var held = true;
        try
        {
            // Counted without a lock (a lost count only delays a copy), so the hottest page's hits do not contend.
            var hits = ++slot.Hits;

            // Once a second at most, so that the pages read most are not written to on every read. The output cache
            // hears of the read too: its least recently used entries go first, and this one is read here, not there.
            var tick = System.Diagnostics.Stopwatch.GetTimestamp();
            var last = Volatile.Read(ref slot.LastRead);
            if (tick - last > System.Diagnostics.Stopwatch.Frequency)
            {
                Volatile.Write(ref slot.LastRead, tick);
                var since = hits - slot.HitsAtLastRead;
                slot.HitsAtLastRead = hits;
                source.Touch();
                if (page.Copy is null && since * System.Diagnostics.Stopwatch.Frequency >= tick - last)
                {
                    // Read at least once a second on average since the last such moment.
                    page = Promote(slot, page);
                }
            }

            WriteHeaders(response, slot, page, now);

            // The headers go out first. A body written before them is held in a buffer of Kestrel's own and copied again
            // behind them when they are written: that second copy was about a fifth of a hit's CPU (2026-12-06).
            var start = response.StartAsync(context.RequestAborted);
            if (!start.IsCompletedSuccessfully)
            {
                // A callback of the response's start that did not finish at once: the body follows it, the entry held till then.
                held = false;
                return WriteBodyAsync(start, context, slot, page);
            }

            WriteBody(response.BodyWriter, page, source);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or ArgumentException)
        {
            Abandon(context, slot, page, exception);
            return Task.CompletedTask;
        }
        finally
        {
            if (held)
            {
                source.Let();
            }
        }

        var flush = response.BodyWriter.FlushAsync(context.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary>The body once the response's start has finished; the slot's entry is held by the caller and let go here.</summary>
    private async Task WriteBodyAsync(Task start, HttpContext context, Slot slot, Page page)
    {
        var source = slot.Entry;
        try
        {
            await start;
            WriteBody(context.Response.BodyWriter, page, source);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or ArgumentException)
        {
            Abandon(context, slot, page, exception);
            return;
        }
        finally
        {
            source.Let();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The page's body into the connection's buffers: the heap copy, or straight from the entry.</summary>
    private static void WriteBody(PipeWriter writer, Page page, OffHeapOutputCacheStore.Entry source)
    {
        if (page.Copy is { } copy)
        {
            writer.Write(copy);
            return;
        }

        // From the entry straight into the connection's buffers: from the file, one read for each run of blocks. The
        // page is asked for whole (the pipe lends an array that size): in Kestrel's own 4 KB blocks each took a read of
        // its own, 40-50 µs of CPU a hit against 34-37 (2026-12-05).
        for (var done = 0; done < page.Length;)
        {
            var part = Math.Min(page.Length - done, 64 * 1024);
            var span = writer.GetSpan(part);
            source.CopyTo(page.Start + done, span[..part]);
            writer.Advance(part);
            done += part;
        }
    }

    /// <summary>
    /// A disk that fails a read, or a store disposed as the app stops, once the headers may be out: the connection is
    /// cut rather than a page sent short, and the page is left to the framework from now on.
    /// </summary>
    private void Abandon(HttpContext context, Slot slot, Page page, Exception exception)
    {
        if (exception is IOException failed)
        {
            slot.Entry.Owner.Failed(slot.Entry, failed);
        }

        Forget(slot, page);
        context.Abort();
    }

    private static void WriteHeaders(HttpResponse response, Slot slot, Page page, DateTimeOffset now)
    {
        response.StatusCode = StatusCodes.Status200OK;
        var headers = response.Headers;
        foreach (var (name, value) in page.Headers)
        {
            headers[name] = value;
        }

        // As the framework's output cache says it: whole seconds since the page was stored.
        var age = now - slot.StoredAt;
        headers.Age = age <= TimeSpan.Zero ? "0" : ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.ContentLength = page.Length;
    }

    /// <summary>
    /// A page read at least once a second on average is also copied to the heap, while the copies take less than an
    /// eighth of the budget: its next hits are one copy into the connection's buffers, without the read from the file
    /// (a system call, and a buffer the socket must pin), which cost a warm article about 4 µs of CPU a hit, about 12%
    /// (2026-12-05). The entry still says whether the page may be answered. Returns the page to answer with.
    /// </summary>
    private Page Promote(Slot slot, Page page)
    {
        long restart;
        lock (gate)
        {
            if (heapBytes + page.Length > heapBudget || !ReferenceEquals(slot.Page, page))
            {
                return page;
            }

            // Room taken before the copy is made, outside the lock: a read from the disk does not stop other requests.
            heapBytes += page.Length;
            restart = restarts;
        }

        byte[]? copy = null;
        try
        {
            // The caller holds the entry.
            copy = GC.AllocateUninitializedArray<byte>(page.Length);
            slot.Entry.CopyTo(page.Start, copy);
        }
        catch (IOException)
        {
            // Not copied; the hit reads the file as before, and reports the failure if it fails again.
            copy = null;
        }

        lock (gate)
        {
            if (copy is not null && ReferenceEquals(slot.Page, page))
            {
                var promoted = page with { Copy = copy };
                slot.Page = promoted;
                return promoted;
            }

            if (restart == restarts)
            {
                // Not when the table started again meanwhile: that counted every copy out already.
                heapBytes -= page.Length;
            }

            return page;
        }
    }

    /// <summary>
    /// The page's entry is gone: the slot lets the page go, and waits for the store's word (<see cref="Left"/>) or the
    /// next render of the page to be replaced.
    /// </summary>
    private void Forget(Slot slot, Page page)
    {
        lock (gate)
        {
            if (ReferenceEquals(slot.Page, page))
            {
                Release(slot);
            }
        }
    }

    private async Task FillAsync(HttpContext context, RequestDelegate next, string key, Slot? known)
    {
        long startedAt;
        lock (gate)
        {
            startedAt = sequence;
        }

        var response = context.Response;
        var original = response.Body;
        using var capture = new CaptureStream(original, MaximumBody);
        var fill = new Fill(capture);
        context.Features.Set(fill);
        response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
            context.Features.Set<Fill?>(null);
        }

        if (response.StatusCode != StatusCodes.Status200OK || capture.Overflowed || context.RequestAborted.IsCancellationRequested
            || response.Headers.ContainsKey(HeaderNames.SetCookie)
            || (response.ContentLength is { } length && length != capture.Captured))
        {
            return;
        }

        if (fill.Stored is { } stored)
        {
            // Rendered and stored by the framework just now: remembered, its body not held until it is read again.
            Hold(key, new Slot(stored.Entry, stored.At, stored.At + stored.ValidFor), startedAt);
            return;
        }

        if (known is null || !response.Headers.ContainsKey(HeaderNames.Age) || time.GetUtcNow() >= known.ExpiresAt)
        {
            return;
        }

        // Served by the framework from the copy this slot describes: read again, so held from now on.
        var slot = new Slot(known.Entry, known.StoredAt, known.ExpiresAt);
        var kept = new List<KeyValuePair<string, StringValues>>();
        foreach (var header in response.Headers)
        {
            if (!NotKept.Contains(header.Key))
            {
                kept.Add(header);
            }
        }

        // The body is answered from the store's entry, where the framework's format puts it last: held only when that
        // entry ends with the very bytes that went out.
        var body = capture.Span;
        if (fill.Read is not { } read || !ReferenceEquals(fill.Source, known.Entry) || read.Length <= body.Length
            || !read.AsSpan(read.Length - body.Length).SequenceEqual(body))
        {
            return;
        }

        slot.Page = new Page([.. kept], read.Length - body.Length, body.Length);
        slot.LastRead = System.Diagnostics.Stopwatch.GetTimestamp();
        Hold(key, slot, startedAt);
    }

    private void Hold(string key, Slot slot, long startedAt)
    {
        lock (gate)
        {
            if (startedAt < floor || slot.Entry.IsGone || slot.Tags.Any(tag => evictedAt.TryGetValue(tag, out var at) && at > startedAt))
            {
                // A tag of this page was evicted while it was being read or rendered: what it shows may be gone. Or
                // the output cache has let its entry go already.
                return;
            }

            if (slots.Count >= MaxSlots)
            {
                // Requests under way may still have a slot of the table: their pages are let go first, so nothing they
                // do afterwards (Forget, Promote) counts against the new table's bytes.
                foreach (var dropped in slots.Values)
                {
                    dropped.Page = null;
                }

                slots.Clear();
                heldBytes = 0;
                heapBytes = 0;
                restarts++;
            }

            if (slots.TryGetValue(key, out var replaced))
            {
                Release(replaced);
            }

            slots[key] = slot;
            slot.Entry.HeldAs = key;
            heldBytes += slot.Page?.Length ?? 0;
            if (heldBytes > budget)
            {
                MakeRoom();
            }
        }
    }

    /// <summary>Drops the bodies of the least recently read pages until three quarters of the budget are used.</summary>
    private void MakeRoom()
    {
        foreach (var slot in slots.Values.Where(s => s.Page is not null).OrderBy(s => Volatile.Read(ref s.LastRead)))
        {
            if (heldBytes <= budget * 3 / 4)
            {
                break;
            }

            Release(slot);
        }
    }

    private void Release(Slot slot)
    {
        if (slot.Page is { } page)
        {
            slot.Page = null;
            heldBytes -= page.Length;
            heapBytes -= page.Copy?.Length ?? 0;
        }
    }

    /// <summary>
    /// The output cache let this entry go (for its budget, its lifetime, a replacement or an eviction), after it can no
    /// longer be held: the page stored in it is forgotten. So the table never remembers more pages than the output cache
    /// keeps, once the store's callbacks have run: a crawl through 59,365 articles had left a slot, its key and its
    /// tags for each (21 MB of strings alone; the process peaked 23 MB higher, 2026-12-06).
    /// </summary>
    internal void Left(OffHeapOutputCacheStore.Entry entry)
    {
        // The key is read under the lock: the entry is gone already (IsGone), so either Hold has remembered it (and
        // named the key) before this, or it will see the entry gone and not remember it.
        lock (gate)
        {
            if (entry.HeldAs is { } key && slots.TryGetValue(key, out var slot) && ReferenceEquals(slot.Entry, entry)
                && slots.TryRemove(new KeyValuePair<string, Slot>(key, slot)))
            {
                Release(slot);
            }
        }
    }

    /// <summary>The framework's store evicted this tag: the pages held with it go too.</summary>
    internal void Evicted(string tag)
    {
        lock (gate)
        {
            sequence++;
            if (evictedAt.Count >= MaxEvictedTags)
            {
                evictedAt.Clear();
                floor = sequence;
            }

            evictedAt[tag] = sequence;
            foreach (var (key, slot) in slots)
            {
                if (Array.IndexOf(slot.Tags, tag) >= 0 && slots.TryRemove(new KeyValuePair<string, Slot>(key, slot)))
                {
                    Release(slot);
                }
            }
        }
    }

    /// <summary>The framework stored the page of the request being filled, in <paramref name="entry"/> (none: not kept).</summary>
    internal static void Stored(HttpContext? context, OffHeapOutputCacheStore.Entry? entry, DateTimeOffset at, TimeSpan validFor)
    {
        // Only once the body has gone through: the More Articles lists are stored in the same store during the render.
        if (entry is not null && context?.Features.Get<Fill>() is { } fill && fill.Capture.Captured > 0)
        {
            fill.Stored = new StoredPage(entry, at, validFor);
        }
    }

    /// <summary>The framework read an entry from its store for the request being filled (its page, when it is a hit).</summary>
    internal static void Read(HttpContext? context, byte[]? entry, OffHeapOutputCacheStore.Entry? source)
    {
        if (entry is not null && context?.Features.Get<Fill>() is { } fill)
        {
            fill.Read = entry;
            fill.Source = source;
        }
    }

    internal DateTimeOffset Now => time.GetUtcNow();

    /// <summary>A page the output cache keeps in <paramref name="entry"/>: remembered while the entry is there (<see cref="Left"/>).</summary>
    private sealed class Slot(OffHeapOutputCacheStore.Entry entry, DateTimeOffset storedAt, DateTimeOffset expiresAt)
    {
        public OffHeapOutputCacheStore.Entry Entry { get; } = entry;

        /// <summary>The entry's tags: the store's own strings for them.</summary>
        public string[] Tags => Entry.Tags;
        public DateTimeOffset StoredAt { get; } = storedAt;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public volatile Page? Page;
        public long LastRead;

        /// <summary>Hits answered from the page, and how many there had been at <see cref="LastRead"/>.</summary>
        public long Hits;
        public long HitsAtLastRead;
    }

    /// <summary>A held page: its headers, and where its body lies in the slot's entry (never changed once stored).</summary>
    private sealed record Page(KeyValuePair<string, StringValues>[] Headers, int Start, int Length)
    {
        /// <summary>The body copied to the heap, for the pages read most (<see cref="Promote"/>); none: read from the entry.</summary>
        public byte[]? Copy { get; init; }
    }

    private sealed record StoredPage(OffHeapOutputCacheStore.Entry Entry, DateTimeOffset At, TimeSpan ValidFor);

    private sealed class Fill(CaptureStream capture)
    {
        public CaptureStream Capture { get; } = capture;
        public StoredPage? Stored { get; set; }
        public byte[]? Read { get; set; }
        public OffHeapOutputCacheStore.Entry? Source { get; set; }
    }
}
