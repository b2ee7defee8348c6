using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Broadsheet.Tests.Comments;

/// <summary>
/// Paged discussions on an article with thousands of comments: what each page shows, where links and posts land,
/// and what the server answers for pages that do not exist. Runs once per database provider.
/// </summary>
public abstract class CommentPagingTests<TApp>(TApp app, ITestOutputHelper output) : AppTest<TApp>(app) where TApp : CommentApp
{
    /// <summary>5,120 comments: 3,200 threads, half with a reply, a tenth with a reply to that.</summary>
    private const int ManyThreads = 3200;

    private async Task<(int ArticleId, string Path, LongDiscussion Discussion)> DiscussionAsync(int threads, int perPage = 50, bool newestFirst = false)
    {
        await App.SetDiscussionAsync(p =>
        {
            p.CommentsPerPage = perPage;
            p.NewestCommentsFirst = newestFirst;
            p.HoldFirstComment = false;
        });
        var article = await new ArticleBuilder().SaveAsync(App);
        return (article.Id, App.PathOf(article), await LongDiscussion.WriteAsync(App, article.Id, threads));
    }

    private static int[] ThreadIds(IDocument page) =>
        page.QuerySelectorAll("#comments > ol > li").Select(li => int.Parse(li.GetAttribute("data-comment-id")!, CultureInfo.InvariantCulture)).ToArray();

    private static string? Href(IDocument page, string selector) => page.QuerySelector(selector)?.GetAttribute("href");

    private async Task<HttpResponseMessage> GetAsync(string path) => await Client.GetAsync(path);

    [Fact]
    public async Task An_article_with_five_thousand_comments_shows_fifty_threads_a_page_each_under_150_KB()
    {
        var (_, path, discussion) = await DiscussionAsync(ManyThreads);
        Assert.True(discussion.Count >= 5000);

        var first = await Client.GetStringAsync(path);
        var second = await Client.GetStringAsync($"{path}?cpage=2");

        var (firstBytes, secondBytes) = (Encoding.UTF8.GetByteCount(first), Encoding.UTF8.GetByteCount(second));
        output.WriteLine($"{App.ProviderName}, {discussion.Count} comments: page 1 {firstBytes} bytes, page 2 {secondBytes} bytes of HTML");
        Assert.True(firstBytes < 150 * 1024, $"Page 1 is {firstBytes} bytes");
        Assert.True(secondBytes < 150 * 1024, $"Page 2 is {secondBytes} bytes");

        var page = Html.Parse(first);
        Assert.Equal($"{discussion.Count} comments", page.QuerySelector("#comments-heading")!.TextContent.Trim());
        Assert.Equal(discussion.Threads.Take(50), ThreadIds(page));
        Assert.NotNull(page.QuerySelector($"#comment-{discussion.Threads[0]} #comment-{discussion.Replies[0]} #comment-{discussion.NestedReplies[0]}"));
        Assert.Equal($"#comment-{discussion.Threads[3]}", Href(page, $"#comment-{discussion.Threads[3]} .comment-date a"));
        var next = page.QuerySelector("#comments a[rel=next]")!;
        Assert.Equal("Newer comments", next.TextContent.Trim());
        Assert.Equal($"{path}?cpage=2#comments", next.GetAttribute("href"));
        Assert.Null(page.QuerySelector("#comments a[rel=prev]"));
        Assert.DoesNotContain("Page 1 of", page.QuerySelector(".comments-head")!.TextContent, StringComparison.Ordinal);

        page = Html.Parse(second);
        Assert.Equal($"{discussion.Count} comments", page.QuerySelector("#comments-heading")!.TextContent.Trim());
        Assert.Equal(discussion.Threads.Skip(50).Take(50), ThreadIds(page));
        Assert.EndsWith($"{path}?cpage=2", Href(page, "link[rel=canonical]"), StringComparison.Ordinal);
        Assert.Equal($"{path}#comments", Href(page, "#comments a[rel=prev]"));
        Assert.Equal($"{path}?cpage=3#comments", Href(page, "#comments a[rel=next]"));
        // A reader who lands here sees where they are and the way back, above the threads.
        var whereAmI = page.QuerySelector(".comments-head .comment-order:last-child")!;
        Assert.StartsWith("Page 2 of 64", whereAmI.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal($"{path}#comments", whereAmI.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"{path}?cpage=2#comment-{discussion.Replies[50]}", Href(page, $"#comment-{discussion.Replies[50]} .comment-date a"));

        page = await Client.GetDocumentAsync($"{path}?cpage=64");
        Assert.Equal(discussion.Threads.Skip(3150), ThreadIds(page));
        Assert.Null(page.QuerySelector("#comments a[rel=next]"));
    }

    [Fact]
    public async Task A_permalink_lands_on_the_page_that_shows_the_comment()
    {
        var (_, path, discussion) = await DiscussionAsync(ManyThreads);
        var onPageThree = discussion.NestedReplies[120];

        var response = await GetAsync($"/comment/{onPageThree}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{path}?cpage=3#comment-{onPageThree}", response.Headers.Location!.OriginalString);
        var page = await Client.GetDocumentAsync($"{path}?cpage=3");
        Assert.NotNull(page.QuerySelector($"#comment-{onPageThree}"));
        Assert.Equal($"{path}#comment-{discussion.Threads[49]}", (await GetAsync($"/comment/{discussion.Threads[49]}")).Headers.Location!.OriginalString);
        Assert.Equal($"{path}?cpage=64#comment-{discussion.Threads[^1]}", (await GetAsync($"/comment/{discussion.Threads[^1]}")).Headers.Location!.OriginalString);

        // The comment feed links through the lasting permalink; comments nobody may see have none.
        Assert.Contains($"/comment/{discussion.Threads[^1]}</link>", await Client.GetStringAsync($"{path}/feed"), StringComparison.Ordinal);
        await App.WithDbAsync((db, _) => db.Comments.Where(c => c.Id == discussion.Threads[7]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Spam)));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/comment/{discussion.Threads[7]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/comment/999999999")).StatusCode);
    }

    [Fact]
    public async Task A_reply_to_a_comment_on_page_two_returns_the_reader_to_page_two_and_refreshes_the_cached_page()
    {
        var (articleId, path, discussion) = await DiscussionAsync(200);
        var article = await App.WithDbAsync((db, _) => db.Articles.AsNoTracking().SingleAsync(a => a.Id == articleId));
        var renamed = await App.ProveServedFromCacheAsync(Client, articleId, path, $"{path}?cpage=2");
        using var reader = new Commenter(App);

        var response = await reader.PostAsync(article, "Page two deserves an answer too.", parentId: discussion.Threads[60]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = Commenter.IdFrom(response);
        Assert.Equal($"{path}?cpage=2#comment-{id}", response.Headers.Location!.OriginalString);
        var page = await Client.GetDocumentAsync($"{path}?cpage=2");
        Assert.Equal("Page two deserves an answer too.", page.QuerySelector($"#comment-{discussion.Threads[60]} #comment-{id} .comment-body")!.TextContent.Trim());
        Assert.Equal(renamed, page.QuerySelector("h1")!.TextContent.Trim());

        var thread = await reader.PostAsync(article, "A new thread goes on the last page, oldest first.");
        Assert.Equal($"{path}?cpage=5#comment-{Commenter.IdFrom(thread)}", thread.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("?cpage=1", "")]
    [InlineData("?cpage=abc", "")]
    [InlineData("?cpage=-3", "")]
    [InlineData("?cpage=%00", "")]
    [InlineData("?cpage=99999999999999999999", "")]
    [InlineData("?cpage=02", "?cpage=2")]
    [InlineData("?cpage=2&cpage=3", "?cpage=2")]
    [InlineData("?order=oldest&cpage=2", "?cpage=2")]
    [InlineData("?order=sideways", "")]
    [InlineData("?page=2&cpage=2", "?cpage=2")]
    public async Task A_page_asked_for_in_another_spelling_is_redirected_permanently_to_its_canonical_url(string query, string canonical)
    {
        var (_, path, _) = await DiscussionAsync(120);

        var response = await GetAsync(path + query);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(path + canonical, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_page_past_the_last_redirects_to_the_last_for_now()
    {
        var (_, path, _) = await DiscussionAsync(120);

        var response = await GetAsync($"{path}?cpage=4");
        var empty = await new ArticleBuilder().SaveAsync(App);
        var none = await GetAsync($"{App.PathOf(empty)}?cpage=2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{path}?cpage=3#comments", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, none.StatusCode);
        Assert.Equal($"{App.PathOf(empty)}#comments", none.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_site_setting_chooses_how_many_threads_a_page_shows_and_which_come_first()
    {
        var (_, path, discussion) = await DiscussionAsync(45, perPage: 20, newestFirst: true);
        var newest = discussion.Threads.AsEnumerable().Reverse().ToList();

        var page = await Client.GetDocumentAsync(path);

        Assert.Equal(newest.Take(20), ThreadIds(page));
        var next = page.QuerySelector("#comments a[rel=next]")!;
        Assert.Equal("Older comments", next.TextContent.Trim());
        Assert.Equal($"{path}?cpage=2#comments", next.GetAttribute("href"));
        Assert.Equal($"{path}?order=oldest#comments", Href(page, ".comment-order a"));
        Assert.Equal(newest.Skip(40), ThreadIds(await Client.GetDocumentAsync($"{path}?cpage=3")));
        Assert.Equal($"{path}?cpage=3#comment-{discussion.Threads[0]}", (await GetAsync($"/comment/{discussion.Threads[0]}")).Headers.Location!.OriginalString);

        // The reader's own choice of order pages too, and names the site's pages as canonical.
        var oldest = await Client.GetDocumentAsync($"{path}?order=oldest&cpage=2");
        Assert.Equal(discussion.Threads.Skip(20).Take(20), ThreadIds(oldest));
        Assert.EndsWith(path, Href(oldest, "link[rel=canonical]"), StringComparison.Ordinal);
        Assert.Equal($"{path}?order=oldest&cpage=3#comments", Href(oldest, "#comments a[rel=next]"));
        Assert.Equal($"{path}?cpage=2#comment-{discussion.Threads[20]}", Href(oldest, $"#comment-{discussion.Threads[20]} .comment-date a"));
        var redundant = await GetAsync($"{path}?order=newest&cpage=2");
        Assert.Equal(HttpStatusCode.MovedPermanently, redundant.StatusCode);
        Assert.Equal($"{path}?cpage=2", redundant.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_reply_whose_parent_went_to_the_trash_starts_a_thread_of_its_own_on_its_page()
    {
        var (articleId, path, discussion) = await DiscussionAsync(5, perPage: 2);
        await App.WithDbAsync(async (db, services) =>
        {
            await db.Comments.Where(c => c.Id == discussion.Threads[2]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Trash));
            await services.GetRequiredService<PageCacheEviction>().CommentsChangedAsync(articleId);
            return 0;
        });

        var page = await Client.GetDocumentAsync($"{path}?cpage=2");

        Assert.Equal([discussion.Replies[2], discussion.Threads[3]], ThreadIds(page));
        Assert.Equal("8 comments", page.QuerySelector("#comments-heading")!.TextContent.Trim());
        Assert.Equal($"{path}?cpage=2#comment-{discussion.Replies[2]}", (await GetAsync($"/comment/{discussion.Replies[2]}")).Headers.Location!.OriginalString);
        Assert.Equal([discussion.Threads[4]], ThreadIds(await Client.GetDocumentAsync($"{path}?cpage=3")));
    }

    [Fact]
    public async Task A_discussion_read_whole_shows_the_same_pages_as_one_read_a_page_at_a_time()
    {
        var (articleId, _, discussion) = await DiscussionAsync(45, perPage: 7);
        // A reply whose parent is in the trash, and one whose parent is held, start threads of their own; so does
        // the reply under the held one, and the thread under the trashed reply's sibling keeps its nesting.
        await App.WithDbAsync(async (db, _) =>
        {
            await db.Comments.Where(c => c.Id == discussion.Threads[4]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Trash));
            return await db.Comments.Where(c => c.Id == discussion.Replies[10]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Pending));
        });

        static string Shape(IEnumerable<CommentNode> nodes) =>
            string.Join(",", nodes.Select(n => n.Replies.Count == 0 ? $"{n.Id}" : $"{n.Id}({Shape(n.Replies)})"));

        var seen = new List<string>();
        foreach (var newestFirst in new[] { false, true })
        {
            for (var page = 1; page <= 8; page++)
            {
                var (whole, paged) = await App.WithDbAsync(async (db, services) =>
                {
                    var statements = services.GetRequiredService<KeptStatements>();
                    return (await statements.LoadPageAsync(articleId, page, 7, newestFirst, CancellationToken.None),
                        await statements.LoadPageAsync(articleId, page, 7, newestFirst, CancellationToken.None, readWholeUpTo: 0));
                });

                Assert.Equal((paged.Count, paged.ThreadCount, paged.LastPage), (whole.Count, whole.ThreadCount, whole.LastPage));
                Assert.Equal(Shape(paged.Threads), Shape(whole.Threads));
                seen.Add(Shape(whole.Threads));
            }
        }

        // 45 threads less the trashed one, plus the two replies set loose: 46 threads on 7 pages, then none.
        Assert.Equal(7, seen.Take(8).Count(s => s.Length > 0));
        Assert.Equal("", seen[7]);
        Assert.Contains($"{discussion.Threads[0]}({discussion.Replies[0]}({discussion.NestedReplies[0]}))", seen[0], StringComparison.Ordinal);
        Assert.Contains(seen, s => s.Split(',').Contains($"{discussion.Replies[4]}"));
        Assert.Contains(seen, s => s.Split(',').Contains($"{discussion.NestedReplies[10]}"));
        Assert.DoesNotContain(seen, s => s.Contains($"{discussion.Threads[4]}", StringComparison.Ordinal) && s.Split(',', '(', ')').Contains($"{discussion.Threads[4]}"));
        Assert.Equal(string.Join(",", seen.Take(7)), string.Join(",", seen.Skip(8).Take(7).Reverse().Select(p => string.Join(",", SplitThreads(p).Reverse()))));
    }

    /// <summary>The top-level threads of a <c>Shape</c>, each with its replies.</summary>
    private static IEnumerable<string> SplitThreads(string shape)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            depth += shape[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (shape[i] == ',' && depth == 0)
            {
                yield return shape[start..i];
                start = i + 1;
            }
        }

        if (shape.Length > 0)
        {
            yield return shape[start..];
        }
    }

    [Fact]
    public async Task A_page_of_five_thousand_comments_sends_two_queries_more_than_a_page_of_four()
    {
        var (_, small, _) = await DiscussionAsync(2);
        var (_, large, _) = await DiscussionAsync(ManyThreads);

        async Task<int> CommandsAsync(string path)
        {
            App.SqlCommands.Reset();
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(path)).StatusCode);
            return App.SqlCommands.Count;
        }

        // The site's menus are read once and held until something changes them: read them before counting.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/")).StatusCode);
        var few = await CommandsAsync(small);
        // A short discussion is read whole in one command; past that command's limit, a long one is counted and read a page.
        var many = await CommandsAsync(large);
        Assert.Equal(few + 2, many);
        // The article's More Articles was kept by the render before: fewer than that, only the article and discussion.
        Assert.InRange(await CommandsAsync($"{large}?cpage=40"), 1, many - 1);
    }

    [Fact]
    public async Task Threads_per_page_and_order_are_saved_from_the_settings_page_and_validated()
    {
        using var admin = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Administrator);
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Paging test",
            ["Input.TimeZone"] = "UTC",
            ["Input.Culture"] = "en-US",
            ["Input.DateFormat"] = "D",
            ["Input.ThreadDepth"] = "3",
            ["Input.MaxCommentLength"] = "5000",
            ["Input.CommentsPerPage"] = "501",
            ["Input.NewestCommentsFirst"] = "true",
        };

        var refused = await admin.PostFormAsync("/newsroom/settings", fields);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var form = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Enter a number of comment threads per page from 1 to 500.", form.DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.Equal("501", form.QuerySelector("input[name='Input.CommentsPerPage']")!.GetAttribute("value"));
        fields["Input.CommentsPerPage"] = "25";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/newsroom/settings", fields)).StatusCode);
        var rules = App.Services.GetRequiredService<SiteSettingsStore>().Discussion;
        Assert.Equal(25, rules.CommentsPerPage);
        Assert.True(rules.NewestFirst);
        var settings = await admin.Http.GetStringAsync("/newsroom/settings");
        Assert.Equal("25", Html.Parse(settings).QuerySelector("input[name='Input.CommentsPerPage']")!.GetAttribute("value"));
    }
}

public sealed class SqliteCommentPagingTests(CommentApp app, ITestOutputHelper output)
    : CommentPagingTests<CommentApp>(app, output), IClassFixture<CommentApp>;

public sealed class PostgresCommentPagingTests(PostgresCommentApp app, ITestOutputHelper output)
    : CommentPagingTests<PostgresCommentApp>(app, output), IClassFixture<PostgresCommentApp>;
