using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Articles;

/// <summary>The site with the output cache off: what a render keeps in memory for the next one never shows stale.</summary>
public sealed class UncachedRenderTests(UncachedRenderTests.UncachedApp app)
    : AppTest<UncachedRenderTests.UncachedApp>(app), IClassFixture<UncachedRenderTests.UncachedApp>
{
    public sealed class UncachedApp : BroadsheetApp
    {
        public UncachedApp() => Configure("Broadsheet:OutputCache:Enabled", "false");

        public override string ProviderName => "Sqlite";
    }

    private static string PathOf(Article article) =>
        string.Create(CultureInfo.InvariantCulture, $"/{article.PublishedAt!.Value:yyyy}/{article.PublishedAt!.Value:MM}/{article.PublishedAt!.Value:dd}/{article.Slug}");

    private static string? Description(AngleSharp.Dom.IDocument page) =>
        page.QuerySelector("meta[name=description]")?.GetAttribute("content");

    [Fact]
    public async Task A_body_changed_by_any_path_shows_at_once_with_its_description()
    {
        var article = await new ArticleBuilder().Standfirst(null).Body("First version of the *body*.")
            .PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);

        var before = await Client.GetDocumentAsync(PathOf(article));
        Assert.Equal("First version of the body.", before.QuerySelector(".body")!.TextContent.Trim());
        Assert.Equal("First version of the body.", Description(before));

        // As the media library's alt text change, a restore or another node does: the body alone, update time untouched.
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Body, "Second version, *edited*.")));

        var after = await Client.GetDocumentAsync(PathOf(article));
        Assert.Equal("Second version, edited.", after.QuerySelector(".body")!.TextContent.Trim());
        Assert.Equal("edited", after.QuerySelector(".body em")?.TextContent);
        Assert.Equal("Second version, edited.", Description(after));
    }

    [Fact]
    public async Task A_long_page_is_sent_whole_and_its_etag_covers_every_byte()
    {
        // Over 100 KB of HTML: the page is held in several pooled blocks while its validator is computed.
        var paragraphs = string.Join("\n\n", Enumerable.Range(1, 1500).Select(i => $"Paragraph {i} of the long read about the harbour wall."));
        var article = await new ArticleBuilder().Body(paragraphs + "\n\nThe last word is tide.")
            .PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);

        using var first = await Client.GetAsync(PathOf(article));
        var html = await first.Content.ReadAsStringAsync();
        Assert.True(html.Length > 100_000, $"the page is {html.Length} characters");
        Assert.Contains("Paragraph 1500 of the long read", html, StringComparison.Ordinal);
        Assert.Contains("The last word is tide.", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>", html.TrimEnd(), StringComparison.Ordinal);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, PathOf(article));
        unchanged.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Client.SendAsync(unchanged);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, notModified.StatusCode);

        // One word changed at the very end of the page's last block: a new validator, and the whole page again.
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Body, paragraphs + "\n\nThe last word is moon.")));
        using var changed = new HttpRequestMessage(HttpMethod.Get, PathOf(article));
        changed.Headers.IfNoneMatch.Add(etag);
        using var again = await Client.SendAsync(changed);
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
        Assert.NotEqual(etag, again.Headers.ETag);
        var changedHtml = await again.Content.ReadAsStringAsync();
        Assert.Contains("The last word is moon.", changedHtml, StringComparison.Ordinal);
        Assert.EndsWith("</html>", changedHtml.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_html_body_changed_shows_at_once_still_sanitized()
    {
        var article = await new ArticleBuilder().HtmlBody("<p>Imported <b>text</b></p>").PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        Assert.Equal("text", (await Client.GetDocumentAsync(PathOf(article))).QuerySelector(".body b")?.TextContent);

        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Body, "<p>Reimported <i>words</i><script>alert(1)</script></p>")));

        var page = await Client.GetDocumentAsync(PathOf(article));
        Assert.Equal("words", page.QuerySelector(".body i")?.TextContent);
        Assert.Null(page.QuerySelector(".body script"));
    }

    [Fact]
    public async Task A_section_saved_by_the_app_shows_at_once_in_the_menu_of_every_page()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var id = await App.WithDbAsync(async (db, _) =>
        {
            var section = db.Sections.Add(new Section { Name = $"Harbour {unique}", Slug = $"harbour-{unique}", Position = 90 }).Entity;
            await db.SaveChangesAsync();
            return section.Id;
        });
        var article = await new ArticleBuilder().PublishedAgo(TimeSpan.FromHours(2)).SaveAsync(App);
        Assert.Contains($"Harbour {unique}", await MenuAsync("/"));
        Assert.Contains($"Harbour {unique}", await MenuAsync(PathOf(article)));

        // Renamed in a transaction of its own, as the desk does: the menu follows once it commits.
        await App.WithDbAsync(async (db, _) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Sections.SingleAsync(s => s.Id == id)).Name = $"Waterfront {unique}";
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return 0;
        });

        foreach (var path in new[] { "/", PathOf(article), "/section/city" })
        {
            var menu = await MenuAsync(path);
            Assert.Contains($"Waterfront {unique}", menu);
            Assert.DoesNotContain($"Harbour {unique}", menu);
        }
    }

    [Fact]
    public async Task A_section_renamed_by_another_node_shows_within_the_publication_watchers_poll()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        await App.WithDbAsync(async (db, _) =>
        {
            db.Sections.Add(new Section { Name = $"Valley {unique}", Slug = $"valley-{unique}", Position = 91 });
            return await db.SaveChangesAsync();
        });
        Assert.Contains($"Valley {unique}", await MenuAsync("/"));

        // Written past this node's context, as another node without Redis or a command would.
        await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Slug == $"valley-{unique}")
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Name, $"Uplands {unique}")));

        var deadline = DateTime.UtcNow + PublicationWatcher.Interval * 4;
        while (!(await MenuAsync("/")).Contains($"Uplands {unique}") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Contains($"Uplands {unique}", await MenuAsync("/"));
    }

    [Fact]
    public async Task A_page_put_in_the_footer_shows_at_once_on_every_page()
    {
        var page = await new StaticPageBuilder().Titled("About the Harbour Desk").InFooter(1).SaveAsync(App);

        var article = await new ArticleBuilder().PublishedAgo(TimeSpan.FromHours(3)).SaveAsync(App);
        foreach (var path in new[] { "/", PathOf(article) })
        {
            var links = (await Client.GetDocumentAsync(path)).QuerySelectorAll("footer .footer-pages a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Contains("/" + page.Slug, links);
        }

        await App.WithDbAsync(async (db, _) =>
        {
            (await db.StaticPages.SingleAsync(p => p.Id == page.Id)).FooterPosition = null;
            return await db.SaveChangesAsync();
        });

        Assert.Empty((await Client.GetDocumentAsync("/")).QuerySelectorAll($"footer .footer-pages a[href='/{page.Slug}']"));
    }

    private async Task<string> MenuAsync(string path) =>
        (await Client.GetDocumentAsync(path)).QuerySelector("nav.sections")!.TextContent;
}
