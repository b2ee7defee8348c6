using System.Runtime.CompilerServices;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Import;
using Broadsheet.Redirects;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Import;

/// <summary>WordPress's theme unit test data, the richest file of the corpus, imported once per database.</summary>
public abstract class ThemeUnitTestImportTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : BroadsheetApp
{
    private static readonly ConditionalWeakTable<BroadsheetApp, Task<ImportReport>> Imports = new();
    private static string ThemeFile => WxrCorpus.File("themeunittestdata.wordpress.xml");

    private Task<ImportReport> ImportedAsync() => Imports.GetValue(App, a => a.ImportAsync(ThemeFile));

    [Fact]
    public async Task The_comments_template_keeps_its_twenty_comments_with_their_nesting()
    {
        await ImportedAsync();
        var file = WxrCorpus.Count(ThemeFile).PostItems.Single(p => WxrCorpus.Wp(p, "post_id") == "1148")
            .Elements().Where(e => e.Name.LocalName == "comment" && WxrCorpus.IsWordPress(e.Name.Namespace))
            .ToDictionary(c => int.Parse(WxrCorpus.Wp(c, "comment_id")!), c => int.Parse(WxrCorpus.Wp(c, "comment_parent")!));

        var imported = await App.DbAsync(db => db.Comments.Where(c => c.Article.WordPressId == 1148)
            .Select(c => new { WordPressId = c.WordPressId!.Value, ParentWordPressId = c.Parent == null ? 0 : c.Parent.WordPressId!.Value, c.Status }).ToListAsync());

        Assert.Equal(20, imported.Count);
        Assert.Equal(file.OrderBy(c => c.Key), imported.Select(c => KeyValuePair.Create(c.WordPressId, c.ParentWordPressId)).OrderBy(c => c.Key));
        Assert.Contains(imported, c => c.ParentWordPressId != 0);

        var article = await App.DbAsync(db => db.Articles.SingleAsync(a => a.WordPressId == 1148));
        var html = await Client.GetStringAsync(Path(article));
        var shown = imported.Count(c => c.Status == CommentStatus.Approved);
        Assert.Equal(shown, System.Text.RegularExpressions.Regex.Count(html, "<li[^>]*class=\"comment"));
    }

    [Fact]
    public async Task Statuses_stickiness_and_privacy_are_mapped_and_the_password_protected_post_is_listed()
    {
        var report = await ImportedAsync();
        var byId = await App.DbAsync(db => db.Articles.Where(a => a.WordPressId != null).ToDictionaryAsync(a => a.WordPressId!.Value));

        Assert.Equal(ArticleStatus.Draft, byId[1164].Status);
        Assert.Null(byId[1164].PublishedAt);
        Assert.Equal(ArticleStatus.Draft, byId[1168].Status);
        Assert.Contains(report.Notes, n => n.Reason.Contains("password-protected", StringComparison.Ordinal) && n.Examples.Any(e => e.StartsWith("1168 ", StringComparison.Ordinal)));
        Assert.Equal(ArticleStatus.Scheduled, byId[1153].Status);
        Assert.Equal(new DateTime(2030, 1, 1, 19, 0, 18, DateTimeKind.Utc), byId[1153].PublishedAt);
        Assert.True(byId[1241].IsSticky);
        Assert.False(byId[1148].IsSticky);
        Assert.Equal(new DateTime(2012, 1, 3, 17, 28, 0, DateTimeKind.Utc).Date, byId[1148].PublishedAt!.Value.Date);
        Assert.All(byId.Values, a => Assert.DoesNotContain("wpthemetestdata", a.Body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Pingbacks_and_trackbacks_are_kept_but_readers_never_see_them()
    {
        await ImportedAsync();
        var kinds = await App.DbAsync(db => db.Comments.Where(c => c.Article.WordPressId == 1149).Select(c => new { c.Kind, c.AuthorName, c.Status }).ToListAsync());
        Assert.Equal(4, kinds.Count(k => k.Kind != CommentKind.Comment));
        var article = await App.DbAsync(db => db.Articles.SingleAsync(a => a.WordPressId == 1149));

        var html = await Client.GetStringAsync(Path(article));

        var readerComments = kinds.Count(k => k.Kind == CommentKind.Comment && k.Status == CommentStatus.Approved);
        Assert.Equal(readerComments, System.Text.RegularExpressions.Regex.Count(html, "<li[^>]*class=\"comment"));
        foreach (var pingback in kinds.Where(k => k.Kind != CommentKind.Comment))
        {
            Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(pingback.AuthorName), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_old_permalink_and_archive_address_has_a_redirect_to_the_new_article()
    {
        await ImportedAsync();
        var expected = WxrCorpus.Count(ThemeFile).PostItems.ToDictionary(p => int.Parse(WxrCorpus.Wp(p, "post_id")!), p => p.Element("link")?.Value);
        var redirects = await App.DbAsync(db => db.Redirects.ToDictionaryAsync(r => r.Path, r => r.Target));
        var published = await App.PublishedPathsAsync();
        Assert.NotEmpty(published);

        foreach (var (wordPressId, path) in published)
        {
            var old = RedirectPaths.Normalize(expected[wordPressId]!)!;
            Assert.True(old == path || (redirects.TryGetValue(old, out var target) && target == path), $"{old} does not redirect to {path}");
            Assert.Equal(path, redirects[$"/archives/{wordPressId}"]);
        }

        Assert.Contains(redirects, r => r.Key.StartsWith("/category/", StringComparison.Ordinal) && r.Value.StartsWith("/section/", StringComparison.Ordinal));
        Assert.Contains(redirects, r => r.Key.StartsWith("/category/", StringComparison.Ordinal) && r.Value.StartsWith("/tag/", StringComparison.Ordinal));
        Assert.Contains(redirects, r => r.Key.StartsWith("/author/", StringComparison.Ordinal));
        Assert.Equal("/feed", redirects["/comments/feed"]);
        Assert.All(redirects.Keys, key => Assert.Equal(RedirectPaths.Normalize(key), key));
    }

    [Fact]
    public async Task Old_permalinks_short_links_categories_and_feeds_answer_301_to_the_new_addresses()
    {
        await ImportedAsync();
        var expected = WxrCorpus.Count(ThemeFile).PostItems.ToDictionary(p => int.Parse(WxrCorpus.Wp(p, "post_id")!), p => p.Element("link")?.Value);
        var published = await App.PublishedPathsAsync();

        foreach (var (wordPressId, path) in published.Take(12))
        {
            var old = new Uri(expected[wordPressId]!).AbsolutePath;
            foreach (var asked in new[] { old, old.TrimEnd('/'), $"/?p={wordPressId}", $"/archives/{wordPressId}" }.Distinct())
            {
                if (asked == path)
                {
                    continue;
                }

                using var response = await Client.GetAsync(asked);
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.MovedPermanently, $"{asked}: {(int)response.StatusCode}");
                Assert.Equal(path, response.Headers.Location?.OriginalString);
            }

            using var page = await Client.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        }

        using var feed = await Client.GetAsync("/feed/");
        Assert.True(feed.IsSuccessStatusCode, $"/feed/: {(int)feed.StatusCode}");
        Assert.Equal("application/rss+xml", feed.Content.Headers.ContentType?.MediaType);
        using var category = await Client.GetAsync("/category/classic/");
        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, category.StatusCode);
        using var section = await Client.GetAsync(category.Headers.Location);
        Assert.Equal(System.Net.HttpStatusCode.OK, section.StatusCode);
    }

    [Fact]
    public async Task Imported_pages_are_published_at_their_slug_in_the_sitemap_and_their_short_link_finds_them()
    {
        await ImportedAsync();
        var pages = await App.DbAsync(db => db.StaticPages.Where(p => p.Status == Broadsheet.StaticPages.StaticPageStatus.Published)
            .Select(p => new { p.Slug, p.Title, WordPressId = p.WordPressId!.Value }).ToListAsync());
        Assert.NotEmpty(pages);
        var sitemap = await Client.GetStringAsync("/sitemap.xml");

        foreach (var page in pages)
        {
            using var response = await Client.GetAsync($"/{page.Slug}");
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"/{page.Slug}: {(int)response.StatusCode}");
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.Equal(page.Title, document.QuerySelector("h1")?.TextContent.Trim());
            Assert.Contains($"/{page.Slug}</loc>", sitemap, StringComparison.Ordinal);
            using var shortLink = await Client.GetAsync($"/?page_id={page.WordPressId}");
            Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, shortLink.StatusCode);
            Assert.Equal($"/{page.Slug}", shortLink.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Nested_categories_become_their_top_section_and_a_tag_and_the_summary_says_so()
    {
        var report = await ImportedAsync();
        var sectionSlugs = await App.DbAsync(db => db.Sections.Select(s => s.Slug).ToListAsync());
        var nested = WxrCorpus.Count(ThemeFile).PostItems.SelectMany(p => p.Elements("category"))
            .Where(c => (string?)c.Attribute("domain") == "category").Select(c => (string)c.Attribute("nicename")!).Distinct().ToList();

        Assert.Contains(report.Notes, n => n.Reason.StartsWith("nested category", StringComparison.Ordinal));
        Assert.DoesNotContain("child-category-01", sectionSlugs);
        Assert.Contains("child-category-01", nested);
        Assert.True(await App.DbAsync(db => db.Tags.AnyAsync(t => t.Slug == "child-category-01")));
    }

    private string Path(Article article) => App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
}

public sealed class SqliteThemeUnitTestImportTests(SqliteApp app) : ThemeUnitTestImportTests<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresThemeUnitTestImportTests(PostgresApp app) : ThemeUnitTestImportTests<PostgresApp>(app), IClassFixture<PostgresApp>;
