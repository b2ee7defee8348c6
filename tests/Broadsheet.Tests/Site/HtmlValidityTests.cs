using System.Globalization;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Site;

/// <summary>
/// Every kind of page the server writes, for readers and for the newsroom, is valid HTML to the Nu HTML Checker
/// (the W3C's validator). The site holds the demo content (featured images without resized copies) and what the
/// newsroom adds to it: an image with resized copies, revisions, a correction, comments in every state, a static
/// page, subscribers and a webhook. A new page type is one more line in <see cref="ReaderPages"/> or
/// <see cref="NewsroomPages"/>.
/// </summary>
public sealed class HtmlValidityTests(CommentApp app) : AppTest<CommentApp>(app), IClassFixture<CommentApp>
{
    /// <summary>A page to check: a name for the report, its address, and the status it answers with.</summary>
    public sealed record PageToCheck(string Name, string Path, HttpStatusCode Status = HttpStatusCode.OK);

    /// <summary>What the pages are about: addresses and ids of the content made for this test.</summary>
    public sealed record SiteUnderTest(
        string ArticleWithComments, string ArticleWithCorrection, int ArticleId, int ArticleWithCommentsId, int CommentId,
        int HeldCommentId, string Section, string Tag, string Author, DateTime Published, string StaticPage, int StaticPageId,
        int WebhookId, string PreferencesPath, string UnsubscribePath, string ConfirmPath, int MediaId);

    private static IEnumerable<PageToCheck> ReaderPages(SiteUnderTest site) =>
    [
        new("home", "/"),
        new("home-page-2", "/?page=2"),
        new("section", $"/section/{site.Section}"),
        new("section-page-2", $"/section/{site.Section}?page=2"),
        new("tag", $"/tag/{site.Tag}"),
        new("author", $"/author/{site.Author}"),
        new("archive-year", $"/{site.Published:yyyy}"),
        new("archive-month", $"/{site.Published:yyyy}/{site.Published:MM}"),
        new("archive-day", $"/{site.Published:yyyy}/{site.Published:MM}/{site.Published:dd}"),
        new("article-with-comments", site.ArticleWithComments),
        new("article-with-image-variants-and-correction", site.ArticleWithCorrection),
        new("article-more", $"{site.ArticleWithComments}/more"),
        new("comment-reply", $"/comments/reply?article={site.ArticleWithCommentsId}&replyto={site.CommentId}"),
        new("comment-report", $"/comments/report?id={site.CommentId}"),
        new("search-with-results", "/search?q=harbour"),
        new("search-without-results", "/search?q=qwxzvbnm"),
        new("static-page", $"/{site.StaticPage}"),
        new("subscribe", "/subscribe"),
        new("subscribe-sent", "/subscribe/sent"),
        new("subscribe-confirm", site.ConfirmPath),
        new("subscription-preferences", site.PreferencesPath),
        new("subscription-unsubscribe", site.UnsubscribePath),
        new("subscription-deleted", "/subscription/deleted"),
        new("not-found", "/no-such-page/anywhere", HttpStatusCode.NotFound),
        new("status-400", "/status/400", HttpStatusCode.BadRequest),
        new("status-403", "/status/403", HttpStatusCode.Forbidden),
        new("status-410", "/status/410", HttpStatusCode.Gone),
        new("status-429", "/status/429", HttpStatusCode.TooManyRequests),
        new("error-500", "/error", HttpStatusCode.InternalServerError),
        new("newsroom-sign-in", "/newsroom/signin"),
        new("newsroom-forgot-password", "/newsroom/forgot-password"),
        new("newsroom-reset-password", "/newsroom/reset-password?user=someone&code=a-code"),
    ];

    private static IEnumerable<PageToCheck> NewsroomPages(SiteUnderTest site) =>
    [
        new("dashboard", "/newsroom"),
        new("articles", "/newsroom/articles"),
        new("articles-search", "/newsroom/articles?q=harbour"),
        new("articles-trash", "/newsroom/articles/trash"),
        new("article-new", "/newsroom/articles/edit"),
        new("article-edit", $"/newsroom/articles/edit/{site.ArticleId}"),
        new("article-revisions", $"/newsroom/articles/{site.ArticleId}/revisions"),
        .. CommentQueueViews.Select(view => new PageToCheck($"comments-{view}", $"/newsroom/comments?status={view}")),
        new("comments-of-article", $"/newsroom/comments?article={site.ArticleWithCommentsId}&status=approved"),
        new("comment-edit", $"/newsroom/comments/edit/{site.HeldCommentId}"),
        new("media", "/newsroom/media"),
        new("media-search", "/newsroom/media?q=harbour&type=jpeg"),
        new("media-item", $"/newsroom/media/{site.MediaId}"),
        new("sections", "/newsroom/sections"),
        new("tags", "/newsroom/tags"),
        new("authors", "/newsroom/authors"),
        new("author-new", "/newsroom/authors/edit"),
        new("static-pages", "/newsroom/pages"),
        new("static-page-new", "/newsroom/pages/edit"),
        new("static-page-edit", $"/newsroom/pages/edit/{site.StaticPageId}"),
        new("static-page-revisions", $"/newsroom/pages/{site.StaticPageId}/revisions"),
        new("subscribers", "/newsroom/subscribers"),
        new("subscribers-bouncing", "/newsroom/subscribers?status=bouncing"),
        new("outbox", "/newsroom/outbox"),
        new("send-test", "/newsroom/subscribers/send-test"),
        new("account", "/newsroom/account"),
        new("sign-out", "/newsroom/signout"),
        new("users", "/newsroom/users"),
        new("settings", "/newsroom/settings"),
        new("audit", "/newsroom/audit"),
        new("webhooks", "/newsroom/webhooks"),
        new("webhook", $"/newsroom/webhooks/{site.WebhookId}"),
    ];

    private static readonly string[] CommentQueueViews = ["pending", "approved", "spam", "trash", "reported"];

    [Fact]
    public async Task Every_reader_and_newsroom_page_is_valid_html()
    {
        var folder = Directory.CreateTempSubdirectory("broadsheet-html-");
        try
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);

            // The first-run page exists only while the site has no administrator.
            await SaveAsync(Client, new PageToCheck("newsroom-setup", "/newsroom/setup"), "reader", folder, files);
            using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator, "Ada Administrator");
            var site = await BuildSiteAsync(admin);

            foreach (var page in ReaderPages(site))
            {
                await SaveAsync(Client, page, "reader", folder, files);
            }

            foreach (var page in NewsroomPages(site))
            {
                await SaveAsync(admin.Http, page, "newsroom", folder, files);
            }

            // A page known to be invalid proves the checker ran and its report was read.
            var canary = Path.Combine(folder.FullName, "canary.html");
            await File.WriteAllTextAsync(canary, "<!DOCTYPE html><html lang=en><title>Canary</title><img src=a.png sizes=100vw alt=\"\">");

            var errors = await NuHtmlChecker.CheckAsync([canary, .. files.Keys]);

            Assert.Contains(errors, e => e.File == "canary.html" && e.Message.Contains("sizes", StringComparison.Ordinal));
            var pageErrors = errors.Where(e => e.File != "canary.html").ToList();
            Assert.True(pageErrors.Count == 0, $"The Nu HTML Checker found {pageErrors.Count} errors:\n" + string.Join("\n",
                pageErrors.Select(e => $"{files.GetValueOrDefault(Path.Combine(folder.FullName, e.File), e.File)} line {e.Line}: {e.Message}\n    {e.Extract.ReplaceLineEndings(" ")}")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Fetches the page, checks its status, and writes its HTML to a file named after it.</summary>
    private static async Task SaveAsync(HttpClient client, PageToCheck page, string kind, DirectoryInfo folder, Dictionary<string, string> files)
    {
        using var response = await client.GetAsync(page.Path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == page.Status,
            $"GET {page.Path} ({kind} {page.Name}) answered {(int)response.StatusCode}, not {(int)page.Status}: {NewsroomArticles.Excerpt(html)}");
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

        var file = Path.Combine(folder.FullName, $"{kind}-{page.Name}.html");
        await File.WriteAllTextAsync(file, html);
        files.Add(file, $"{kind} {page.Name} ({page.Path})");
    }

    /// <summary>Adds to the demo content what the newsroom makes, through the newsroom where a page does it.</summary>
    private async Task<SiteUnderTest> BuildSiteAsync(NewsroomClient admin)
    {
        // A featured image with resized copies (the demo's own images have none).
        using (var upload = await MediaUploads.UploadAsync(admin, TestImages.Jpeg(1800, 1200), "harbour.jpg", "image/jpeg", "Boats moored in the harbour"))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }

        var image = await App.WithDbAsync((db, _) => db.MediaItems.OrderByDescending(m => m.Id).FirstAsync());
        Assert.False(string.IsNullOrEmpty(image.Variants));
        var form = await NewsroomArticles.FormAsync(App, "Harbour moorings fill up for the regatta", "Publish");
        form["Input.Image"] = image.Id.ToString(CultureInfo.InvariantCulture);
        form["Input.ImageAlt"] = "Boats moored in the harbour";
        form["Input.ImageCaption"] = "Every mooring is taken a week early.";
        form["Input.ImageCredit"] = "Photo: Test Desk";
        form["Input.Tags"] = "Harbour, Regatta";
        var articleId = await NewsroomArticles.SaveAndGetIdAsync(admin, null, form);
        form["Input.Body"] += "\n\nThe harbour master expects a record week.";
        await NewsroomArticles.SaveAndGetIdAsync(admin, articleId, form);
        using (var correction = await admin.PostFormAsync($"/newsroom/articles/edit/{articleId}?handler=Correction",
            new Dictionary<string, string> { ["kind"] = "Correction", ["text"] = "An earlier version gave the wrong date for the regatta." },
            formPath: $"/newsroom/articles/edit/{articleId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, correction.StatusCode);
        }

        var withCorrection = await NewsroomArticles.LoadAsync(App, articleId);

        // Comments in every state the moderation queue shows, one of them reported by readers.
        var discussed = await new ArticleBuilder().Headline("Harbour wall repairs begin").WithImage()
            .Tagged("Harbour").By("Rafael Quenby")
            .WithComment("Mira Reader", "When will the path reopen?")
            .WithComment("Harbour Desk", "In the spring, the council says.", replyTo: 0)
            .WithComment("Held Reader", "A first comment waits for a moderator.", commentStatus: CommentStatus.Pending)
            .WithComment("Spam Sender", "Cheap watches at example.com", commentStatus: CommentStatus.Spam)
            .WithComment("Trashed Reader", "Removed by a moderator.", commentStatus: CommentStatus.Trash)
            .SaveAsync(App);
        var comments = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == discussed.Id).OrderBy(c => c.Id).ToListAsync());
        await App.WithDbAsync((db, _) => db.Comments.Where(c => c.Id == comments[0].Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.ReportCount, 2)));

        // A static page published from the newsroom, then edited, so it has revisions.
        var pageForm = new Dictionary<string, string>
        {
            ["Input.Title"] = "About the Gazette",
            ["Input.Slug"] = "about-the-gazette",
            ["Input.Description"] = "Who we are.",
            ["Input.Body"] = "We are a **local** paper.\n\nFounded in 1901.",
            ["action"] = "Publish",
        };
        int staticPageId;
        using (var saved = await admin.PostFormAsync("/newsroom/pages/edit", pageForm, "/newsroom/pages/edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            staticPageId = int.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        }

        pageForm["Input.Body"] += "\n\nWrite to us at the office on Quay Street.";
        using (var edited = await admin.PostFormAsync($"/newsroom/pages/edit/{staticPageId}", pageForm, $"/newsroom/pages/edit/{staticPageId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }

        // Subscribers in several states, and the links their mails carry.
        var sections = await App.WithDbAsync((db, _) => db.Sections.OrderBy(s => s.Position).Select(s => s.Id).Take(2).ToArrayAsync());
        var confirmed = await App.AddSubscriberAsync("confirmed-reader@example.org", SubscriberStatus.Confirmed, Frequency.Daily, sections);
        var pending = await App.AddSubscriberAsync("pending-reader@example.org", SubscriberStatus.Pending);
        await App.AddSubscriberAsync("bouncing-reader@example.org", SubscriberStatus.Bouncing);
        var links = App.Services.GetRequiredService<SubscriptionLinks>();

        // Last, so that nothing above is sent to it.
        using (var webhook = await admin.PostFormAsync("/newsroom/webhooks", new()
        {
            ["Input.Url"] = "https://example.org/hooks/broadsheet",
            ["Input.Description"] = "Syndication partner",
            ["Input.Events"] = "article.published",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        }

        var webhookId = await App.WithDbAsync((db, _) => db.WebhookEndpoints.Select(e => e.Id).SingleAsync());
        var section = await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == discussed.Id).Select(a => a.Section.Slug).SingleAsync());
        return new SiteUnderTest(
            ArticleWithComments: App.PathOf(discussed),
            ArticleWithCorrection: App.PathOf(withCorrection),
            ArticleId: articleId,
            ArticleWithCommentsId: discussed.Id,
            CommentId: comments[0].Id,
            HeldCommentId: comments[2].Id,
            Section: section,
            Tag: "harbour",
            Author: "rafael-quenby",
            Published: App.Services.GetRequiredService<Broadsheet.Site.SiteCalendar>().ToLocal(discussed.PublishedAt!.Value),
            StaticPage: "about-the-gazette",
            StaticPageId: staticPageId,
            WebhookId: webhookId,
            PreferencesPath: links.PreferencesPath(confirmed),
            UnsubscribePath: links.UnsubscribePath(confirmed),
            ConfirmPath: links.ConfirmPath(pending, Frequency.Weekly, sections),
            MediaId: image.Id);
    }
}
