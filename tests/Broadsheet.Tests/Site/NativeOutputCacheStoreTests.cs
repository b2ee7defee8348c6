using System.Buffers;
using System.IO.Pipelines;
using Broadsheet.Site;

namespace Broadsheet.Tests.Site;

/// <summary>
/// The in-process output-cache store keeps its entries in native memory (<see cref="NativeOutputCacheStore"/>). It
/// must keep what the framework's store keeps and drop what it drops: a page an eviction missed would show readers an
/// article as it was before an edit; memory an entry never gives back would grow until the process is stopped.
/// </summary>
public sealed class NativeOutputCacheStoreTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>An entry large enough to be kept in native memory.</summary>
    private const int Large = NativeOutputCacheStore.SmallEntry;

    [Fact]
    public async Task An_entry_reads_back_as_stored_and_each_read_is_a_copy_of_its_own()
    {
        using var store = new NativeOutputCacheStore(1024 * 1024);
        var page = Enumerable.Range(0, Large).Select(i => (byte)i).ToArray();

        await store.SetAsync("page", page, ["site"], Hour, CancellationToken.None);
        var first = await store.GetAsync("page", CancellationToken.None);
        var second = await store.GetAsync("page", CancellationToken.None);

        Assert.Equal(page, first);
        Assert.Equal(page, second);
        Assert.NotSame(first, second);
        Assert.Equal(page.Length, store.NativeBytes);
        Assert.Null(await store.GetAsync("another page", CancellationToken.None));
    }

    [Theory]
    [InlineData(Large + 3)]
    [InlineData(100)]
    public async Task A_page_lent_in_the_frameworks_buffer_is_kept_as_it_was_after_the_buffer_is_reused(int size)
    {
        using var store = new NativeOutputCacheStore(1024 * 1024);
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

    [Fact]
    public async Task A_sequence_whose_pieces_overrun_its_length_is_refused_and_nothing_is_held()
    {
        using var store = new NativeOutputCacheStore(1024 * 1024);
        var bytes = new byte[2 * Large];
        // The second piece claims to start where the first ends, but the first is longer than that.
        var first = new Piece(bytes.AsMemory(0, Large + 10));
        var last = new Piece(bytes.AsMemory(0, Large), runningIndex: Large);
        first.Link(last);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.SetAsync("page", new ReadOnlySequence<byte>(first, 0, last, Large), new[] { "site" }, Hour, CancellationToken.None));
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
        Assert.Equal(0, store.NativeBytes);
    }

    [Fact]
    public async Task A_small_entry_stays_the_array_it_was_given_so_its_reader_can_parse_it_once()
    {
        using var store = new NativeOutputCacheStore(1024 * 1024);
        var list = new byte[NativeOutputCacheStore.SmallEntry - 1];

        await store.SetAsync("more articles", list, ["article:1"], Hour, CancellationToken.None);

        Assert.Same(list, await store.GetAsync("more articles", CancellationToken.None));
        Assert.Equal(0, store.NativeBytes);
    }

    [Fact]
    public async Task Evicting_a_tag_drops_every_entry_with_it_and_frees_their_memory()
    {
        using var store = new NativeOutputCacheStore(1024 * 1024);
        await store.SetAsync("article", new byte[Large], ["site", "article:1"], Hour, CancellationToken.None);
        await store.SetAsync("home", new byte[Large + 1], ["site", "listings"], Hour, CancellationToken.None);
        await store.SetAsync("other", new byte[Large + 2], ["site", "article:2"], Hour, CancellationToken.None);
        Assert.Equal((3 * Large) + 3, store.NativeBytes);

        await store.EvictByTagAsync("article:1", CancellationToken.None);
        Assert.Null(await store.GetAsync("article", CancellationToken.None));
        Assert.NotNull(await store.GetAsync("home", CancellationToken.None));

        await store.EvictByTagAsync("site", CancellationToken.None);
        Assert.Null(await store.GetAsync("home", CancellationToken.None));
        Assert.Null(await store.GetAsync("other", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.NativeBytes == 0), $"{store.NativeBytes} bytes were not freed");
    }

    [Fact]
    public async Task A_page_stored_again_stays_under_its_tags_after_the_old_copy_has_gone()
    {
        using var store = new NativeOutputCacheStore(1024 * 1024);
        await store.SetAsync("article", Enumerable.Repeat((byte)1, Large).ToArray(), ["article:1"], Hour, CancellationToken.None);
        await store.SetAsync("article", Enumerable.Repeat((byte)2, Large + 1).ToArray(), ["article:1"], Hour, CancellationToken.None);

        // The first copy's going (reported on another thread) must not take the second's place under the tag.
        Assert.True(await SoonAsync(() => store.NativeBytes == Large + 1), $"{store.NativeBytes} bytes held");
        Assert.Equal(Enumerable.Repeat((byte)2, Large + 1).ToArray(), await store.GetAsync("article", CancellationToken.None));

        await store.EvictByTagAsync("article:1", CancellationToken.None);
        Assert.Null(await store.GetAsync("article", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.NativeBytes == 0), $"{store.NativeBytes} bytes were not freed");
    }

    [Fact]
    public async Task Past_its_budget_the_store_holds_no_more_than_the_budget()
    {
        using var store = new NativeOutputCacheStore(10 * Large);
        for (var i = 0; i < 50; i++)
        {
            await store.SetAsync($"page {i}", new byte[Large], ["site"], Hour, CancellationToken.None);
        }

        Assert.True(await SoonAsync(() => store.NativeBytes <= 10 * Large), $"{store.NativeBytes} bytes held for a budget of {10 * Large}");

        // Which pages made room is the cache's choice (the least recently used, dropped on another thread), but the
        // store stays in service: once room is made, a page stored now is read back.
        var page = Enumerable.Repeat((byte)7, Large).ToArray();
        Assert.True(
            await Nodes.SharedCacheTests<Nodes.SqliteNodes>.EventuallyAsync(async () =>
            {
                await store.SetAsync("a new page", page, ["site"], Hour, CancellationToken.None);
                return await store.GetAsync("a new page", CancellationToken.None) is { } read && read.AsSpan().SequenceEqual(page);
            }, TimeSpan.FromSeconds(5)),
            "a page stored past the budget was never read back");
        Assert.True(store.NativeBytes >= Large, $"{store.NativeBytes} bytes held with a page in the store");
    }

    [Fact]
    public async Task An_expired_entry_is_not_read()
    {
        using var store = new NativeOutputCacheStore(1024 * 1024);
        await store.SetAsync("page", new byte[Large], ["site"], TimeSpan.FromMilliseconds(50), CancellationToken.None);

        await Task.Delay(200);

        Assert.Null(await store.GetAsync("page", CancellationToken.None));
        Assert.True(await SoonAsync(() => store.NativeBytes == 0), $"{store.NativeBytes} bytes were not freed");
    }

    private static Task<bool> SoonAsync(Func<bool> condition) =>
        Nodes.SharedCacheTests<Nodes.SqliteNodes>.EventuallyAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(5));

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
