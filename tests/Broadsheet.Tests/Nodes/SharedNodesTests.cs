using System.Net;
using System.Text.Json.Nodes;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Nodes;

/// <summary>Two nodes sharing PostgreSQL and a Redis server of their own; media kept in the database.</summary>
public sealed class RedisNodes() : TwoNodes(redis: true, sharedMediaFolder: false)
{
    /// <summary>Few enough reports a minute that the test reaches the limit in a handful of requests.</summary>
    public const int ReportsPerMinute = 4;

    protected override void Configure(Dictionary<string, string> settings) =>
        settings["Broadsheet:Comments:ReportsPerMinute"] = ReportsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class RedisNodesGroup : ICollectionFixture<RedisNodes>
{
    public const string Name = "Two nodes sharing PostgreSQL and Redis";
}

/// <summary>What a reader or a member does through one node is seen, honoured and counted by the other.</summary>
[Collection(RedisNodesGroup.Name)]
public sealed class SharedNodesTests(RedisNodes nodes) : IAsyncLifetime
{
    [Fact]
    public async Task A_comment_approved_on_node_A_shows_on_node_B_s_next_request_to_a_page_B_had_cached()
    {
        var article = await nodes.PublishedArticleAsync();
        var path = NodeSteps.PathOf(article);
        var id = await NodeSteps.HeldCommentAsync(nodes.A, article, "Seen from the other node, I hope.");
        using var readerOnB = nodes.B.CreateHttpClient();
        Assert.Null(Html.Parse(await NodeSteps.CachedPageAsync(readerOnB, path)).QuerySelector($"#comment-{id}"));
        var renamed = await nodes.RenamePastTheCacheAsync(article);
        Assert.DoesNotContain(renamed, await readerOnB.GetStringAsync(path), StringComparison.Ordinal); // B serves it from the cache

        await nodes.ApproveAsync(nodes.A, id);

        var page = Html.Parse(await readerOnB.GetStringAsync(path));
        Assert.NotNull(page.QuerySelector($"#comment-{id}"));
        Assert.Equal(renamed, page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Signing_in_on_node_A_gives_a_cookie_that_works_on_node_B()
    {
        var cookies = new CookieContainer();
        using var onA = await TwoNodes.SignInAsync(nodes.A, nodes.Email, cookies);

        // Cookies belong to the host, not the port: the browser sends A's cookie to B, as it would behind one address.
        using var onB = nodes.B.CreateHttpClient(cookies);
        using var newsroom = await onB.GetAsync("/newsroom");

        Assert.Equal(HttpStatusCode.OK, newsroom.StatusCode);
        Assert.Contains("Desk Editor", await newsroom.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_form_rendered_by_node_A_posts_to_node_B()
    {
        var article = await nodes.PublishedArticleAsync();
        var cookies = new CookieContainer();
        using var readerOnA = new Commenter(nodes.A.CreateHttpClient(cookies), clock: null);
        var form = await readerOnA.FormAsync(article, "Written on A's page, sent to B.", name: "Cross Node", email: "cross-node@example.org");

        using var readerOnB = new Commenter(nodes.B.CreateHttpClient(cookies), clock: null);
        using var posted = await readerOnB.PostAsync(form);

        Assert.True(posted.StatusCode == HttpStatusCode.Redirect,
            $"Expected a redirect, got {(int)posted.StatusCode}: {Commenter.Excerpt(await posted.Content.ReadAsStringAsync())}");
        await using var db = nodes.OpenDb();
        Assert.True(await db.Comments.AnyAsync(c => c.ArticleId == article.Id && c.Body == "Written on A's page, sent to B."));
    }

    [Fact]
    public async Task A_password_reset_link_made_on_node_A_works_on_node_B()
    {
        using var anonymousOnA = new NewsroomClient(nodes.A.CreateHttpClient());
        var before = nodes.Smtp.Messages.Count(m => m.To == nodes.Email);
        using (var asked = await anonymousOnA.PostFormAsync("/newsroom/forgot-password", new() { ["Email"] = nodes.Email }))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        var mails = await nodes.Smtp.WaitForAsync(before + 1, m => m.To == nodes.Email, TimeSpan.FromSeconds(30));
        var mail = mails[^1];
        var link = new Uri(mail.Link("http"));
        Assert.Equal(nodes.A.BaseAddress.Port, link.Port); // made on A

        // The same password again, so the collection's other tests still sign in with it.
        using var anonymousOnB = new NewsroomClient(nodes.B.CreateHttpClient());
        var fields = new Dictionary<string, string> { ["Password"] = TwoNodes.Password, ["ConfirmPassword"] = TwoNodes.Password };
        using var used = await anonymousOnB.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        using var again = await anonymousOnB.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery);
        Assert.Contains("expired or was already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_alternating_between_the_nodes_hit_the_limit_at_the_configured_count_in_total()
    {
        var builder = new ArticleBuilder();
        for (var i = 0; i < RedisNodes.ReportsPerMinute + 2; i++)
        {
            builder.WithComment($"Reader {i}", $"Comment {i} to report.");
        }

        var article = await nodes.PublishedArticleAsync(builder);
        List<int> ids;
        await using (var db = nodes.OpenDb())
        {
            ids = await db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        }

        var cookies = new CookieContainer();
        using var onA = nodes.A.CreateHttpClient(cookies);
        using var onB = nodes.B.CreateHttpClient(cookies);
        var token = (string)JsonNode.Parse(await onA.GetStringAsync($"/comments/state?article={article.Id}"))!["token"]!;
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < ids.Count; i++)
        {
            var node = i % 2 == 0 ? onA : onB;
            using var response = await node.PostAsync($"/comments/report?id={ids[i]}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            answers.Add(response.StatusCode);
        }

        Assert.Equal(
            [.. Enumerable.Repeat(HttpStatusCode.Redirect, RedisNodes.ReportsPerMinute), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers);
        await using var check = nodes.OpenDb();
        Assert.Equal(RedisNodes.ReportsPerMinute, await check.CommentReports.CountAsync(r => ids.Contains(r.CommentId)));
    }

    [Fact]
    public async Task With_Redis_a_scheduled_article_goes_live_once_and_only_the_node_that_published_it_evicts()
    {
        using var readerOnA = nodes.A.CreateHttpClient();
        using var readerOnB = nodes.B.CreateHttpClient();
        var (sinceA, sinceB) = (nodes.A.Output.Length, nodes.B.Output.Length);
        await readerOnA.GetStringAsync("/");
        await readerOnB.GetStringAsync("/");

        var article = await nodes.ScheduleAndWaitAsync();

        Assert.Equal(1, await nodes.ScheduledPublicationsAsync(article.Headline));
        Assert.Equal(1, NodeSteps.LinesSince(nodes.A, sinceA, "Published 1 scheduled article") + NodeSteps.LinesSince(nodes.B, sinceB, "Published 1 scheduled article"));
        Assert.Equal(1, NodeSteps.LinesSince(nodes.A, sinceA, "Evicting the cached pages") + NodeSteps.LinesSince(nodes.B, sinceB, "Evicting the cached pages"));
        // One eviction in the shared cache is enough for both nodes' home pages.
        Assert.Contains(WebUtility.HtmlEncode(article.Headline), await readerOnA.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(article.Headline), await readerOnB.GetStringAsync("/"), StringComparison.Ordinal);
        await using var db = nodes.OpenDb();
        Assert.Equal(ArticleStatus.Published, await db.Articles.Where(a => a.Id == article.Id).Select(a => a.Status).SingleAsync());
    }

    [Fact]
    public async Task An_image_uploaded_through_node_A_is_served_by_node_B_from_the_database_store()
    {
        await MediaAcrossNodes.UploadOnAServedByBAsync(nodes);
    }

    [Fact]
    public async Task While_Redis_is_down_pages_answer_from_the_database_the_nodes_warn_and_they_recover_when_it_returns()
    {
        var redis = nodes.Redis!;
        var article = await nodes.PublishedArticleAsync();
        var path = NodeSteps.PathOf(article);
        using var readerOnA = nodes.A.CreateHttpClient();
        using var readerOnB = nodes.B.CreateHttpClient();
        await readerOnA.GetStringAsync(path);
        await readerOnB.GetStringAsync(path);
        var id = await NodeSteps.HeldCommentAsync(nodes.A, article, "Approved while Redis was away.");
        var (sinceA, sinceB) = (nodes.A.Output.Length, nodes.B.Output.Length);

        await redis.StopAsync();
        try
        {
            foreach (var reader in new[] { readerOnA, readerOnB })
            {
                using var home = await reader.GetAsync("/");
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
                using var page = await reader.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            // An eviction during the outage: the approval must show on both nodes all the same.
            await nodes.ApproveAsync(nodes.A, id);
            Assert.NotNull(Html.Parse(await readerOnB.GetStringAsync(path)).QuerySelector($"#comment-{id}"));
            Assert.NotNull(Html.Parse(await readerOnA.GetStringAsync(path)).QuerySelector($"#comment-{id}"));
            using var ready = await readerOnB.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var live = await readerOnB.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await redis.StartAsync();
        }

        foreach (var (node, since) in new[] { (nodes.A, sinceA), (nodes.B, sinceB) })
        {
            var logged = node.Output[since..];
            Assert.True(logged.Contains("warn:", StringComparison.Ordinal) && logged.Contains("Redis", StringComparison.OrdinalIgnoreCase),
                $"Node {node.BaseAddress} logged no warning about Redis during the outage:\n{logged}");
        }

        foreach (var reader in new[] { readerOnA, readerOnB })
        {
            await NodeSteps.UntilAsync(async () => (await reader.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), "A node did not become ready again after Redis returned.");
        }

        // Back on the shared cache, and fresh: the page shows the comment approved during the outage, and a change
        // made on A after it is seen on B.
        Assert.NotNull(Html.Parse(await readerOnB.GetStringAsync(path)).QuerySelector($"#comment-{id}"));
        var after = await NodeSteps.HeldCommentAsync(nodes.A, article, "Approved after Redis came back.");
        await readerOnB.GetStringAsync(path);
        await nodes.ApproveAsync(nodes.A, after);
        Assert.NotNull(Html.Parse(await readerOnB.GetStringAsync(path)).QuerySelector($"#comment-{after}"));
    }

    private (int A, int B) errorMarks;

    public Task InitializeAsync()
    {
        errorMarks = nodes.ErrorMarks;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        nodes.AssertNoErrorsSince(errorMarks);
        return Task.CompletedTask;
    }
}

/// <summary>The upload-on-one-node, fetch-from-the-other scenario, for every media store.</summary>
internal static class MediaAcrossNodes
{
    public static async Task UploadOnAServedByBAsync(TwoNodes nodes)
    {
        using var author = await TwoNodes.SignInAsync(nodes.A, nodes.Email);
        var token = await author.GetTokenAsync("/newsroom/media");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.Png(1200, 800));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(file, "Upload", "harbour.png");
        form.Add(new StringContent("The harbour at dusk"), "Alt");
        form.Add(new StringContent("Photo: Test Desk"), "Credit");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        using (var uploaded = await author.Http.PostAsync("/newsroom/media", form))
        {
            Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        }

        Broadsheet.Media.MediaItem item;
        await using (var db = nodes.OpenDb())
        {
            item = await db.MediaItems.OrderByDescending(m => m.Id).FirstAsync();
        }

        using var readerOnA = nodes.A.CreateHttpClient();
        using var readerOnB = nodes.B.CreateHttpClient();
        using var fromA = await readerOnA.GetAsync(item.Url);
        using var fromB = await readerOnB.GetAsync(item.Url);

        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        Assert.Equal("image/png", fromB.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await fromA.Content.ReadAsByteArrayAsync(), await fromB.Content.ReadAsByteArrayAsync());
        Assert.Contains("immutable", fromB.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }
}
