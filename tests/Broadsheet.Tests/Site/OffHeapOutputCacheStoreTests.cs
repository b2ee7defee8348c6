using System.Buffers;
using System.IO.Pipelines;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Site;

/// <summary>
/// The in-process output-cache store keeps its entries outside the GC heap, in a file or in native memory
/// (<see cref="OffHeapOutputCacheStore"/>); each test runs on both. It must keep what the framework's store keeps and
/// drop what it drops: a page an eviction missed would show readers an article as it was before an edit; memory or file
/// blocks an entry never gives back would grow until the process is stopped.
/// </summary>
public sealed class OffHeapOutputCacheStoreTests : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly string folder = Directory.CreateTempSubdirectory("broadsheet-cache-").FullName;

    public static TheoryData<bool> Places => new() { true, false };

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <param name="inFile">In a file of the test's folder; otherwise in native memory.</param>
    private OffHeapOutputCacheStore Open(long sizeLimit, bool inFile) =>
        new(sizeLimit, inFile ? OutputCacheFile.Create(folder) : null);

    /// <summary>An entry of a few blocks of the file.</summary>
    private const int Large = 16 * 1024;

    [Theory]
    [MemberData(nameof(Places))]
    public async Task An_entry_reads_back_as_stored_and_each_read_is_a_copy_of_its_own(bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        var page = Enumerable.Range(0, Large).Select(i => (byte)i).ToArray();

        await store.SetAsync("page", page, ["site"], Hour, CancellationToken.None);
        var first = await store.GetAsync("page", CancellationToken.None);
        var second = await store.GetAsync("page", CancellationToken.None);

        Assert.Equal(page, first);
        Assert.Equal(page, second);
        Assert.NotSame(first, second);
        Assert.Equal(page.Length, store.HeldBytes);
        Assert.Null(await store.GetAsync("another page", CancellationToken.None));
    }

    [Theory]
    [InlineData(Large + 3, true)]
    [InlineData(Large + 3, false)]
    [InlineData(100, true)]
    [InlineData(100, false)]
    public async Task A_page_lent_in_the_frameworks_buffer_is_kept_as_it_was_after_the_buffer_is_reused(int size, bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        var page = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        // Three pieces of a pooled buffer, as the framework's writer may hand them over.
        var lent = page.ToArray();
        var first = new Piece(lent.AsMemory(0, size / 3));
        var last = first.Then(lent.AsMemory(size / 3, size / 3)).Then(lent.AsMemory(2 * (size / 3)));

        await store.SetAsync("page", new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), new[] { "site", "article:1" }, Hour, CancellationToken.None);
        Array.Fill(lent, (byte)0);

        Assert.Equal(page, await store.GetAsync("page", CancellationToken.None));
        var pipe = new Pipe();
        Assert.True(await store.TryGetAsync("page", pipe.Writer, CancellationToken.None));
        Assert.False(await store.TryGetAsync("another page", pipe.Writer, CancellationToken.None));
        await pipe.Writer.CompleteAsync();
        Assert.Equal(page, (await pipe.Reader.ReadAtLeastAsync(size + 1)).Buffer.ToArray());

        // Its tags were kept too.
        await store.EvictByTagAsync("article:1", CancellationToken.None);
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task A_sequence_whose_pieces_overrun_its_length_is_refused_and_nothing_is_held(bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        var bytes = new byte[2 * Large];
        // The second piece claims to start where the first ends, but the first is longer than that.
        var first = new Piece(bytes.AsMemory(0, Large + 10));
        var last = new Piece(bytes.AsMemory(0, Large), runningIndex: Large);
        first.Link(last);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.SetAsync("page", new ReadOnlySequence<byte>(first, 0, last, Large), new[] { "site" }, Hour, CancellationToken.None));
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
        Assert.Equal(0, store.HeldBytes);
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task A_small_entry_is_kept_off_the_heap_too_and_read_back_as_a_copy(bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        var list = Enumerable.Range(0, 300).Select(i => (byte)(i * 3)).ToArray();

        await store.SetAsync("more articles", list, ["article:1"], Hour, CancellationToken.None);
        var read = await store.GetAsync("more articles", CancellationToken.None);

        Assert.Equal(list, read);
        Assert.NotSame(list, read);
        Assert.Equal(list.Length, store.HeldBytes);
        Assert.NotNull(store.Get("more articles", out var entry));
        Assert.Equal(inFile, entry!.InFile);
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task An_entry_a_reader_holds_keeps_its_bytes_until_let_go_even_once_evicted(bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        var page = Enumerable.Range(0, Large + 100).Select(i => (byte)(i % 253)).ToArray();
        await store.SetAsync("page", page, ["article:1"], Hour, CancellationToken.None);
        Assert.NotNull(store.Get("page", out var entry));
        Assert.True(entry!.TryHold());

        // Evicted while held: the blocks are not given back, so a page stored next cannot take and overwrite them; and
        // the entry cannot be held again, though its bytes are still there for the reader that holds it.
        await store.EvictByTagAsync("article:1", CancellationToken.None);
        Assert.True(await SoonAsync(() => entry.IsGone), "the evicted entry should have left the store");
        Assert.False(entry.TryHold(), "an entry that left the store was held again");
        await store.SetAsync("next", Enumerable.Repeat((byte)0xEE, Large + 100).ToArray(), ["article:2"], Hour, CancellationToken.None);
        var tail = new byte[200];
        entry.CopyTo(page.Length - tail.Length, tail);
        Assert.Equal(page[^200..], tail);
        Assert.Throws<ArgumentOutOfRangeException>(() => entry.CopyTo(page.Length - 10, new byte[11]));

        entry.Let();
        Assert.True(await SoonAsync(() => store.HeldBytes == Large + 100), $"{store.HeldBytes} bytes held after the evicted entry was let go");
        Assert.False(entry.TryHold(), "an entry given back cannot be held again");
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task Evicting_a_tag_drops_every_entry_with_it_and_frees_their_memory(bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        await store.SetAsync("article", new byte[Large], ["site", "article:1"], Hour, CancellationToken.None);
        await store.SetAsync("home", new byte[Large + 1], ["site", "listings"], Hour, CancellationToken.None);
        await store.SetAsync("other", new byte[Large + 2], ["site", "article:2"], Hour, CancellationToken.None);
        Assert.Equal((3 * Large) + 3, store.HeldBytes);

        await store.EvictByTagAsync("article:1", CancellationToken.None);
        Assert.Null(await store.GetAsync("article", CancellationToken.None));
        Assert.NotNull(await store.GetAsync("home", CancellationToken.None));

        await store.EvictByTagAsync("site", CancellationToken.None);
        Assert.Null(await store.GetAsync("home", CancellationToken.None));
        Assert.Null(await store.GetAsync("other", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.HeldBytes == 0), $"{store.HeldBytes} bytes were not freed");
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task A_page_stored_again_stays_under_its_tags_after_the_old_copy_has_gone(bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        await store.SetAsync("article", Enumerable.Repeat((byte)1, Large).ToArray(), ["article:1"], Hour, CancellationToken.None);
        await store.SetAsync("article", Enumerable.Repeat((byte)2, Large + 1).ToArray(), ["article:1"], Hour, CancellationToken.None);

        // The first copy's going (reported on another thread) must not take the second's place under the tag.
        Assert.True(await SoonAsync(() => store.HeldBytes == Large + 1), $"{store.HeldBytes} bytes held");
        Assert.Equal(Enumerable.Repeat((byte)2, Large + 1).ToArray(), await store.GetAsync("article", CancellationToken.None));

        await store.EvictByTagAsync("article:1", CancellationToken.None);
        Assert.Null(await store.GetAsync("article", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.HeldBytes == 0), $"{store.HeldBytes} bytes were not freed");
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task A_page_stored_again_with_other_tags_answers_to_its_new_tags_only(bool inFile)
    {
        // An article page whose More Articles showed article 2 and, rendered again, shows article 3 instead.
        using var store = Open(1024 * 1024, inFile);
        await store.SetAsync("article", Enumerable.Repeat((byte)1, Large).ToArray(), ["site", "article:1", "article:2"], Hour, CancellationToken.None);
        var again = Enumerable.Repeat((byte)2, Large + 1).ToArray();
        await store.SetAsync("article", again, ["site", "article:1", "article:3"], Hour, CancellationToken.None);

        // Straight away, most likely before the first copy's going is reported (on the thread pool): a change to article 2
        // leaves the new page be. (Evicting by key, as the store did, dropped it whenever that report came later.)
        await store.EvictByTagAsync("article:2", CancellationToken.None);
        Assert.Equal(again, await store.GetAsync("article", CancellationToken.None));

        await store.EvictByTagAsync("article:3", CancellationToken.None);
        Assert.Null(await store.GetAsync("article", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.HeldBytes == 0), $"{store.HeldBytes} bytes were not freed");
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task Past_its_budget_the_store_holds_no_more_than_the_budget(bool inFile)
    {
        using var store = Open(10 * Large, inFile);
        for (var i = 0; i < 50; i++)
        {
            await store.SetAsync($"page {i}", new byte[Large], ["site"], Hour, CancellationToken.None);
        }

        Assert.True(await SoonAsync(() => store.HeldBytes <= 10 * Large), $"{store.HeldBytes} bytes held for a budget of {10 * Large}");

        // Which pages made room is the cache's choice (the least recently used, dropped on another thread), but the
        // store stays in service: once room is made, a page stored now is read back.
        var page = Enumerable.Repeat((byte)7, Large).ToArray();
        Assert.True(
            await Eventually.TrueAsync(async () =>
            {
                await store.SetAsync("a new page", page, ["site"], Hour, CancellationToken.None);
                return await store.GetAsync("a new page", CancellationToken.None) is { } read && read.AsSpan().SequenceEqual(page);
            }, TimeSpan.FromSeconds(5)),
            "a page stored past the budget was never read back");
        Assert.True(store.HeldBytes >= Large, $"{store.HeldBytes} bytes held with a page in the store");
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task Once_nearly_full_it_keeps_a_page_at_its_second_miss_so_a_crawl_of_pages_read_once_evicts_none_of_the_pages_readers_read(bool inFile)
    {
        // Twenty pages of budget; eighteen fill nine tenths of it, past which the store is under pressure.
        using var store = Open(20 * Large, inFile);
        var readers = Enumerable.Range(0, 18).Select(i => $"/read/every/minute/{i}").ToArray();
        foreach (var path in readers)
        {
            await store.SetAsync(path, Enumerable.Repeat((byte)1, Large).ToArray(), ["site"], Hour, CancellationToken.None);
        }

        var held = store.HeldBytes;
        Assert.Equal(18L * Large, held);

        // A crawler reads two hundred other pages once each: each is served (rendered) and none is kept.
        for (var i = 0; i < 200; i++)
        {
            await store.SetAsync($"/crawled/{i}", Enumerable.Repeat((byte)2, Large).ToArray(), ["site"], Hour, CancellationToken.None);
            Assert.Null(await store.GetAsync($"/crawled/{i}", CancellationToken.None));
        }

        foreach (var path in readers)
        {
            Assert.NotNull(await store.GetAsync(path, CancellationToken.None));
        }

        Assert.Equal(held, store.HeldBytes);

        // A crawled page asked for again is kept at this second miss, in the room the cache makes for it.
        var again = Enumerable.Repeat((byte)3, Large).ToArray();
        await store.SetAsync("/crawled/7", again, ["site"], Hour, CancellationToken.None);
        Assert.Equal(again, await store.GetAsync("/crawled/7", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.HeldBytes <= 20 * Large), $"{store.HeldBytes} bytes held for a budget of {20 * Large}");

        // Under the budget again (an edit evicted the pages), every page is kept at its first miss, as before.
        await store.EvictByTagAsync("site", CancellationToken.None);
        Assert.True(await SoonAsync(() => store.HeldBytes == 0), $"{store.HeldBytes} bytes held after every page was evicted");
        await store.SetAsync("/a/new/page", again, ["site"], Hour, CancellationToken.None);
        Assert.Equal(again, await store.GetAsync("/a/new/page", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Places))]
    public async Task An_expired_entry_is_not_read(bool inFile)
    {
        using var store = Open(1024 * 1024, inFile);
        await store.SetAsync("page", new byte[Large], ["site"], TimeSpan.FromMilliseconds(50), CancellationToken.None);

        await Task.Delay(200);

        Assert.Null(await store.GetAsync("page", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.HeldBytes == 0), $"{store.HeldBytes} bytes were not freed");
    }

    [Fact]
    public async Task The_file_has_no_name_in_the_folder_and_pages_that_come_and_go_reuse_its_blocks()
    {
        const int budget = 10 * Large;
        using var store = Open(budget, inFile: true);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));

        // 200 pages of five blocks each, 20 at a time, each round waiting until the store is back within its budget.
        var stored = new Dictionary<string, byte[]>();
        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < 20; i++)
            {
                var n = (round * 20) + i;
                var page = Enumerable.Range(0, Large + 1 + (n * 13)).Select(b => (byte)(b + n)).ToArray();
                stored[$"page {n}"] = page;
                await store.SetAsync($"page {n}", page, ["site"], Hour, CancellationToken.None);
            }

            Assert.True(await SoonAsync(() => store.HeldBytes <= budget), $"{store.HeldBytes} bytes held for a budget of {budget}");
        }

        // Without reuse the file would hold all 200 (4 MB); with it, no more than the budget and one round on top.
        var bound = 30L * 5 * OutputCacheFile.BlockSize;
        Assert.True(store.File!.Length <= bound, $"the file grew to {store.File.Length} bytes (at most {bound} expected)");
        var kept = 0;
        foreach (var (key, page) in stored)
        {
            if (await store.GetAsync(key, CancellationToken.None) is { } read)
            {
                Assert.Equal(page, read);
                kept++;
            }
        }

        Assert.InRange(kept, 1, 10);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public Task Settings_of_two_kinds_that_their_rules_refuse_are_both_named_before_the_host_starts() =>
        // Options checked at start (mail, accounts), not while the app is built: the host would log its own failure.
        RefusedStartAsync(
            ["--Broadsheet:Mail:Smtp:MaxConnections", "0", "--Broadsheet:Accounts:SignInAttemptsPerMinute", "0"],
            "Broadsheet:Mail:Smtp:MaxConnections must be between 1 and 50.", "Broadsheet:Accounts:SignInAttemptsPerMinute must be at least 1.");

    [Fact]
    public async Task In_the_file_the_budget_counts_the_whole_blocks_a_page_takes()
    {
        // Eight blocks of budget; pages one byte longer than a block take two each, so at most four fit at once
        // (counted by their length, seven would, in fourteen blocks of the file).
        using var store = Open(8 * OutputCacheFile.BlockSize, inFile: true);
        for (var i = 0; i < 7; i++)
        {
            // Lent as the framework lends a page.
            var page = new ReadOnlySequence<byte>(new byte[OutputCacheFile.BlockSize + 1]);
            await store.SetAsync($"page {i}", page, new[] { "site" }, Hour, CancellationToken.None);
        }

        var kept = 0;
        for (var i = 0; i < 7; i++)
        {
            kept += await store.GetAsync($"page {i}", CancellationToken.None) is null ? 0 : 1;
        }

        Assert.InRange(kept, 1, 4);
        Assert.True(await SoonAsync(() => store.File!.Length <= 8 * OutputCacheFile.BlockSize + (2 * OutputCacheFile.BlockSize)),
            $"the file grew to {store.File!.Length} bytes for a budget of {8 * OutputCacheFile.BlockSize}");
    }

    [Fact]
    public void A_page_whose_blocks_lie_in_several_runs_out_of_order_reads_back_whole()
    {
        using var file = OutputCacheFile.Create(folder);
        var all = file.Rent(6 * OutputCacheFile.BlockSize);
        Assert.Equal([0, 1, 2, 3, 4, 5], all);
        int[] blocks = [4, 5, 0, 1, 3];
        var page = Enumerable.Range(0, (4 * OutputCacheFile.BlockSize) + 100).Select(b => (byte)(b * 31)).ToArray();
        // Pieces that end inside a block and across the runs' edges.
        var first = new Piece(page.AsMemory(0, 5000));
        var last = first.Then(page.AsMemory(5000, 7000)).Then(page.AsMemory(12000));

        file.Write(blocks, new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        var read = new byte[page.Length];
        file.Read(blocks, read);

        Assert.Equal(page, read);
        // Block 2, between the runs, was never written: the page did not spill into it.
        var between = new byte[OutputCacheFile.BlockSize];
        file.Read([2], between);
        Assert.All(between, b => Assert.Equal(0, b));

        // Handed back, they come out again in the same order and runs; then the file grows.
        file.Return(blocks);
        Assert.Equal([4, 5, 0, 1, 3], file.Rent(5 * OutputCacheFile.BlockSize));
        Assert.Equal([6], file.Rent(1));
    }

    [Fact]
    public Task A_site_told_to_keep_its_cache_somewhere_unknown_refuses_to_start_naming_the_setting() =>
        // With another setting of its kind that its rules refuse: both are named.
        RefusedStartAsync(
            ["--Broadsheet:OutputCache:Storage", "Disk", "--Broadsheet:Site:PageSize", "0"],
            "Broadsheet:OutputCache:Storage must be File or Memory.", "Broadsheet:Site:PageSize must be between 1 and 100.");

    /// <summary>Starts the site with <paramref name="settings"/>: it must stop at once, name every message, and show no stack trace.</summary>
    private async Task RefusedStartAsync(string[] settings, params string[] messages)
    {
        var site = await ProgramProcess.RunAsync(
            ["--urls", $"http://127.0.0.1:{ProgramProcess.FreePort()}", .. settings, "--Broadsheet:DataDir", folder], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(1, site.ExitCode);
        Assert.Contains("Broadsheet cannot start: ", site.Error, StringComparison.Ordinal);
        foreach (var message in messages)
        {
            Assert.Contains(message, site.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", site.Error + site.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", site.Output, StringComparison.Ordinal);
    }

    private static Task<bool> SoonAsync(Func<bool> condition) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(5));

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory, long runningIndex = 0)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Link(Piece next) => Next = next;

        public Piece Then(ReadOnlyMemory<byte> memory)
        {
            var next = new Piece(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
