using System.Net;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broadsheet.Tests.Site;

/// <summary>A small budget for the held pages, so that a handful of long articles overflows it.</summary>
public sealed class HotPagesApp : CommentApp
{
    public HotPagesApp() => Configure("Broadsheet:OutputCache:HotMegabytes", "1");
}

/// <summary>
/// The most-read pages are held ready to write in front of the output cache (<see cref="HotPages"/>). What a reader gets
/// from them must be what the output cache would give: never a page it no longer keeps, never one an eviction removed.
/// </summary>
public sealed class HotPagesTests(HotPagesApp app) : AppTest<HotPagesApp>(app), IClassFixture<HotPagesApp>
{
    private HotPages Pages => App.Services.GetRequiredService<HotPages>();

    [Fact]
    public async Task A_page_read_twice_is_held_and_answered_with_what_was_rendered()
    {
        var path = await NewArticlePathAsync();

        using var rendered = await Client.GetAsync(path);
        using var held = await Client.GetAsync(path);

        Assert.False(rendered.Headers.Age.HasValue);
        Assert.True(await HeldSoonAsync(path), "the page the output cache stored should be held");
        Assert.True(Pages.ServesFromStore(path, App.Services.GetRequiredService<OffHeapOutputCacheStore>()),
            "the held page should be answered from the entry the output cache keeps in its file, not from a copy");
        // The framework then hands the page over in its pooled buffer, without a right-sized copy.
        Assert.IsAssignableFrom<IOutputCacheBufferStore>(App.Services.GetRequiredService<IOutputCacheStore>());
        Assert.True(held.Headers.Age.HasValue, "the second answer should come from a cache");
        Assert.Equal(await rendered.Content.ReadAsByteArrayAsync(), await held.Content.ReadAsByteArrayAsync());
        Assert.Equal(rendered.Headers.ETag, held.Headers.ETag);
        Assert.Equal(rendered.Content.Headers.LastModified, held.Content.Headers.LastModified);
    }

    [Fact]
    public async Task A_page_read_at_least_once_a_second_is_also_copied_to_the_heap_within_an_eighth_of_the_budget_and_goes_with_an_edit()
    {
        // Every held page let go first (other tests of the class may have had some copied).
        await App.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(PageCache.SiteTag, CancellationToken.None);
        Assert.Equal(0, Pages.HeapBytes);
        var article = await new ArticleBuilder().InSection("city").SaveAsync(App);
        var path = App.PathOf(article);
        // Read now and then: not copied. (Made first: a new article changes the others' More Articles.)
        var rare = App.PathOf(await new ArticleBuilder().InSection("city").SaveAsync(App));
        var rendered = await Client.GetByteArrayAsync(path);
        Assert.Equal(rendered, await Client.GetByteArrayAsync(path));
        Assert.True(await HeldSoonAsync(path));
        await Client.GetByteArrayAsync(rare);
        await Client.GetByteArrayAsync(rare);
        Assert.True(await HeldSoonAsync(rare));

        // Read nine times in a few seconds (more than once a second on average, however slow the machine): copied to
        // the heap at the read after the second is up, then answered from the copy. The other page, read once in
        // those seconds, is not.
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(rendered, await Client.GetByteArrayAsync(path));
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await Client.GetByteArrayAsync(rare);
        Assert.Equal(0, Pages.HeapBytes);
        Assert.Equal(rendered, await Client.GetByteArrayAsync(path));
        var copied = Pages.HeapBytes;
        using var fromCopy = await Client.GetAsync(path);
        Assert.True(fromCopy.Headers.Age.HasValue);
        Assert.Equal(rendered, await fromCopy.Content.ReadAsByteArrayAsync());
        Assert.Equal(rendered.Length, copied);
        Assert.True(copied <= 1024 * 1024 / 8, $"{copied} bytes copied to the heap for a budget of 1 MB");

        await App.WithDbAsync(async (_, services) =>
        {
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(article.Id);
            return 0;
        });
        Assert.Equal(0, Pages.HeapBytes);
    }

    [Fact]
    public async Task The_output_cache_keeps_its_pages_in_a_file_of_the_data_folder_that_has_no_name()
    {
        var store = App.Services.GetRequiredService<OffHeapOutputCacheStore>();
        var path = await NewArticlePathAsync();
        using var rendered = await Client.GetAsync(path);
        using var cached = await Client.GetAsync(path);

        Assert.NotNull(store.File);
        Assert.True(store.File.Length >= store.HeldBytes && store.HeldBytes > 0, $"{store.HeldBytes} bytes held, a file of {store.File.Length}");
        Assert.True(cached.Headers.Age.HasValue, "the second reading should be answered from the file");
        // The process holds it open in the data folder, deleted: nothing to clean up, even after a crash.
        var open = new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Select(fd => fd.LinkTarget).ToList();
        Assert.Contains(open, target => target is not null && target.StartsWith(Path.Combine(App.DataDir, ".output-cache-"), StringComparison.Ordinal) && target.EndsWith("(deleted)", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFiles(App.DataDir), name => Path.GetFileName(name).StartsWith(".output-cache-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task More_articles_is_kept_in_the_cache_file_and_read_back_when_the_page_is_rendered_again()
    {
        var tag = $"Kept list {Guid.NewGuid():N}";
        const string before = "A related story as the list was ranked";
        const string after = "A related story renamed since";
        var article = await new ArticleBuilder().InSection("city").Tagged(tag).SaveAsync(App);
        var related = await new ArticleBuilder().InSection("city").Tagged(tag).Headline(before).PublishedAgo(TimeSpan.FromDays(1)).SaveAsync(App);
        var path = App.PathOf(article);
        Assert.Contains(before, await Client.GetStringAsync(path), StringComparison.Ordinal);

        var store = App.Services.GetRequiredService<OffHeapOutputCacheStore>();
        Assert.NotNull(store.Get($"broadsheet:more:v2:{article.Id}:1:{Broadsheet.Pages.Articles.ArticleModel.MoreArticlesPageSize}", out var list));
        Assert.True(list!.InFile, "the kept list should lie in the output cache's file, not on the heap");

        // The related article renamed behind the cache's back, and only the page dropped (as a new comment drops it):
        // the page rendered again shows the list as kept, so it was read back, not ranked again.
        await App.WithDbAsync(async (db, _) =>
        {
            (await db.Articles.FindAsync(related.Id))!.Headline = after;
            return await db.SaveChangesAsync();
        });
        await App.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(PageCache.ArticleTag(article.Id), CancellationToken.None);
        var again = await Client.GetAsync(path);
        var html = await again.Content.ReadAsStringAsync();
        Assert.False(again.Headers.Age.HasValue, "the page should have been rendered again");
        Assert.Contains(before, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{App.PathOf(related)}\"", html, StringComparison.Ordinal);

        // The related article's own change drops the list with it.
        await App.WithDbAsync(async (_, services) =>
        {
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(related.Id);
            return 0;
        });
        var fresh = await Client.GetStringAsync(path);
        Assert.Contains(after, fresh, StringComparison.Ordinal);
        Assert.DoesNotContain(before, fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_drops_the_held_page_and_readers_see_the_new_headline()
    {
        var article = await new ArticleBuilder().InSection("city").SaveAsync(App);
        var path = App.PathOf(article);
        using (await Client.GetAsync(path))
        using (await Client.GetAsync(path))
        {
            Assert.True(await HeldSoonAsync(path));
        }

        const string headline = "A headline written after the page was held";
        await App.WithDbAsync(async (db, services) =>
        {
            var saved = await db.Articles.FindAsync(article.Id);
            saved!.Headline = headline;
            await db.SaveChangesAsync();
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(article.Id);
            return 0;
        });

        Assert.False(Pages.Holds(path), "the eviction should drop the held page");
        using var after = await Client.GetAsync(path);
        Assert.False(after.Headers.Age.HasValue, "the page should be rendered again after the edit");
        Assert.Contains(headline, await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_the_output_cache_keeps_for_seconds_is_not_held_longer()
    {
        // Comments close 3 seconds from now, so the page is stored for 3 seconds, not the usual hours.
        await App.SetDiscussionAsync(discussion => discussion.CloseCommentsAfterDays = 1);
        try
        {
            var now = App.Clock.GetUtcNow().UtcDateTime;
            var article = await new ArticleBuilder().InSection("city").PublishedAt(now.AddDays(-1).AddSeconds(3)).SaveAsync(App);
            var path = App.PathOf(article);

            using var rendered = await Client.GetAsync(path);
            using var held = await Client.GetAsync(path);
            Assert.True(held.Headers.Age.HasValue);
            Assert.True(await HeldSoonAsync(path));

            await Task.Delay(TimeSpan.FromSeconds(3.5));
            using var later = await Client.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
            Assert.False(later.Headers.Age.HasValue, "the page was answered from a copy older than its cache lifetime");
        }
        finally
        {
            await App.SetDiscussionAsync(discussion => discussion.CloseCommentsAfterDays = 0);
        }
    }

    [Fact]
    public async Task Past_the_budget_the_least_read_bodies_go_and_come_back_from_the_output_cache()
    {
        // Fifteen pages of about 110 KB each: more than the 1 MB the app holds.
        var body = string.Join("\n\n", Enumerable.Range(0, 1200).Select(i => $"Paragraph {i} of a long report on the harbour works, with figures {i * 37}."));
        var paths = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            paths.Add(App.PathOf(await new ArticleBuilder().InSection("city").Body(body).SaveAsync(App)));
        }

        // Each read twice: a page is held once the output cache answers it again.
        var rendered = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            rendered[path] = await Client.GetStringAsync(path);
            Assert.Equal(rendered[path], await Client.GetStringAsync(path));
        }

        Assert.True(await HeldSoonAsync(paths[^1]), "the page read last should be held");
        Assert.True(Pages.HeldBytes is > 0 and <= 1024 * 1024, $"{Pages.HeldBytes} bytes held; the last page held: {Pages.Holds(paths[^1])}");
        Assert.False(Pages.Holds(paths[0]), $"the least recently read page should have made room ({Pages.HeldBytes} bytes held)");

        // The output cache still keeps the first page: it answers, and the held copy is filled from that answer.
        using var again = await Client.GetAsync(paths[0]);
        Assert.True(again.Headers.Age.HasValue, "the output cache should still keep the page");
        Assert.Equal(rendered[paths[0]], await again.Content.ReadAsStringAsync());
        Assert.True(await HeldSoonAsync(paths[0]), "a page answered from the output cache should be held again");
        Assert.True(Pages.HeldBytes is > 0 and <= 1024 * 1024, $"{Pages.HeldBytes} bytes held; the first page held: {Pages.Holds(paths[0])}");

        foreach (var path in paths)
        {
            Assert.Equal(rendered[path], await Client.GetStringAsync(path));
        }
    }

    [Fact]
    public async Task A_page_the_framework_lends_in_its_buffer_reaches_the_store_whole_and_is_evicted_by_its_tags()
    {
        using var native = new OffHeapOutputCacheStore(1024 * 1024);
        var store = new HotPageStore(native, Pages, new HttpContextAccessor());
        var page = Enumerable.Range(0, 32 * 1024).Select(i => (byte)(i % 251)).ToArray();
        var lent = page.ToArray();

        await store.SetAsync("page", new System.Buffers.ReadOnlySequence<byte>(lent), new[] { "site", "article:9" }, TimeSpan.FromHours(1), CancellationToken.None);
        Array.Fill(lent, (byte)0);

        Assert.Equal(page.Length, native.HeldBytes);
        Assert.Equal(page, await store.GetAsync("page", CancellationToken.None));
        await store.EvictByTagAsync("article:9", CancellationToken.None);
        Assert.Null(await store.GetAsync("page", CancellationToken.None));
    }

    [Fact]
    public async Task A_page_rendered_while_one_of_its_tags_is_evicted_is_not_held()
    {
        var pages = NewPages();
        var accessor = new HttpContextAccessor();
        using var kept = new OffHeapOutputCacheStore(1024 * 1024);
        var store = new HotPageStore(kept, pages, accessor);
        var renders = 0;
        var calls = 0;
        var evictMidRender = true;
        var inStore = false;

        async Task RenderAsync(HttpContext context)
        {
            calls++;
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/html";
            if (inStore)
            {
                // The output cache answering from its store, as it marks its answers.
                await store.GetAsync("page", CancellationToken.None);
                context.Response.Headers.Age = "1";
                await context.Response.Body.WriteAsync("<p>the page</p>"u8.ToArray());
                return;
            }

            renders++;
            await context.Response.Body.WriteAsync("<p>the page</p>"u8.ToArray());
            if (evictMidRender)
            {
                // The article changes while its page is still being rendered from what was read before.
                await store.EvictByTagAsync(PageCache.ArticleTag(7), CancellationToken.None);
            }

            // The framework's entry ends with the body.
            await store.SetAsync("page", "stored headers<p>the page</p>"u8.ToArray(), [PageCache.SiteTag, PageCache.ArticleTag(7)], TimeSpan.FromHours(1), CancellationToken.None);
            inStore = true;
        }

        Task<HttpContext> GetAsync() => RequestAsync(pages, accessor, "/2026/01/02/a-page", RenderAsync);

        await GetAsync();
        await GetAsync();
        Assert.Equal((1, 2), (renders, calls));
        Assert.False(pages.Holds("/2026/01/02/a-page"), "a page rendered across an eviction of its tag was held");

        // Rendered again without an eviction: remembered when stored, held once the output cache answers it again.
        (evictMidRender, inStore) = (false, false);
        await GetAsync();
        await GetAsync();
        Assert.True(pages.Holds("/2026/01/02/a-page"));
        var served = await GetAsync();
        Assert.Equal((2, 4), (renders, calls));
        Assert.Equal("<p>the page</p>", System.Text.Encoding.UTF8.GetString(((MemoryStream)served.Response.Body).ToArray()));
        Assert.Equal(15, served.Response.ContentLength);

        // The output cache lets the entry go without an eviction the held pages hear of (its budget, a replacement):
        // the page is not answered from the entry's old blocks, it goes to the output cache again.
        await kept.EvictByTagAsync(PageCache.SiteTag, CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => kept.HeldBytes == 0, TimeSpan.FromSeconds(5)));
        inStore = false;
        await GetAsync();
        Assert.Equal((3, 5), (renders, calls));
        Assert.False(pages.Holds("/2026/01/02/a-page"), "a page whose entry was let go is still held");
    }

    [Fact]
    public async Task A_crawl_through_more_pages_than_the_output_cache_keeps_leaves_no_more_remembered_than_it_keeps()
    {
        var pages = NewPages();
        var accessor = new HttpContextAccessor();
        // Room for about forty pages of a kilobyte: a crawl through a large archive in small.
        using var kept = new OffHeapOutputCacheStore(40 * 1024);
        var store = new HotPageStore(kept, pages, accessor);
        var renders = 0;
        var calls = 0;

        static byte[] BodyOf(string path) => System.Text.Encoding.UTF8.GetBytes($"<p>{path}</p>{new string('x', 900)}");

        async Task RenderAsync(HttpContext context)
        {
            calls++;
            var path = context.Request.Path.Value!;
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/html";
            if (await store.GetAsync(path, CancellationToken.None) is not null)
            {
                context.Response.Headers.Age = "1";
                await context.Response.Body.WriteAsync(BodyOf(path));
                return;
            }

            renders++;
            await context.Response.Body.WriteAsync(BodyOf(path));
            await store.SetAsync(path, [.. "stored headers"u8, .. BodyOf(path)], [PageCache.SiteTag, path], TimeSpan.FromHours(1), CancellationToken.None);
        }

        async Task<string> GetAsync(string path)
        {
            var context = await RequestAsync(pages, accessor, path, RenderAsync);
            return System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        }

        var paths = Enumerable.Range(1, 200).Select(i => $"/2026/01/02/page-{i}").ToArray();
        foreach (var path in paths)
        {
            Assert.StartsWith($"<p>{path}</p>", await GetAsync(path));
            // A nearly full cache keeps a page at its second miss; a full one turns it away and drops its least
            // recently used in the background: a later reader's render of this page is kept, as a crawler's would be a
            // moment later.
            for (var tries = 0; kept.Get(path, out _) is null && tries < 20; tries++)
            {
                Assert.StartsWith($"<p>{path}</p>", await GetAsync(path));
                if (kept.Get(path, out _) is null)
                {
                    Assert.True(await Eventually.TrueAsync(() => kept.HeldBytes <= 39 * 1024, TimeSpan.FromSeconds(5)),
                        $"the output cache made no room for {path}: {kept.HeldBytes} bytes held");
                }
            }

            Assert.True(kept.Get(path, out _) is not null, $"{path} was never kept");
        }

        Assert.True(await Eventually.TrueAsync(() => pages.Remembered <= kept.Count && kept.Count <= 44, TimeSpan.FromSeconds(5)),
            $"{pages.Remembered} pages remembered while the output cache keeps {kept.Count}");

        // What the output cache still keeps is still held once read again, and answered whole.
        var last = paths.Last(path => kept.Get(path, out _) is not null);
        Assert.StartsWith($"<p>{last}</p>", await GetAsync(last));
        Assert.True(pages.Holds(last), "a page the output cache keeps was not held when it answered it again");
        var before = (renders, calls);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(BodyOf(last)), await GetAsync(last));
        Assert.Equal(before, (renders, calls));
    }

    /// <summary>A table of held pages of its own, beside the app's, for a test that plays the output cache itself.</summary>
    private HotPages NewPages()
    {
        var services = App.Services;
        var pages = new HotPages(services.GetRequiredService<CacheBeforeRouting>(), services.GetRequiredService<IOptions<BroadsheetOptions>>(),
            services.GetRequiredService<IOptions<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>>());
        pages.Attach();
        return pages;
    }

    /// <summary>A reader's GET of <paramref name="path"/> through <paramref name="pages"/>, with <paramref name="render"/> behind them.</summary>
    private async Task<HttpContext> RequestAsync(HotPages pages, HttpContextAccessor accessor, string path, RequestDelegate render)
    {
        var context = new DefaultHttpContext { RequestServices = App.Services };
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        accessor.HttpContext = context;
        await pages.InvokeAsync(context, render);
        return context;
    }

    /// <summary>
    /// Whether the page is held within a few seconds: with its length known, the reader has the whole page before the
    /// request ends, and the page is held as it ends.
    /// </summary>
    private Task<bool> HeldSoonAsync(string path) =>
        Eventually.TrueAsync(() => Pages.Holds(path), TimeSpan.FromSeconds(5));

    private async Task<string> NewArticlePathAsync() => App.PathOf(await new ArticleBuilder().InSection("city").SaveAsync(App));
}
