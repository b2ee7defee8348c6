using System.Text;
using System.Xml;
using Broadsheet.Articles;
using Broadsheet.Tests.Browser;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Import;

/// <summary>Imported articles in Chromium: accessible, and nothing in a hostile export runs.</summary>
[Collection(BrowserTests.Name)]
public sealed class ImportBrowserTests : AppTest<SqliteApp>, IClassFixture<SqliteApp>, IAsyncDisposable
{
    private readonly ReaderContexts readers;

    public ImportBrowserTests(SqliteApp app, Chromium chromium) : base(app) => readers = new ReaderContexts(chromium, app.BaseAddress);

    [Fact]
    public async Task Imported_markup_heavy_articles_threads_post_formats_and_pages_have_no_accessibility_violations()
    {
        await App.ImportAsync(WxrCorpus.File("themeunittestdata.wordpress.xml"));
        var published = await App.DbAsync(db => db.Articles.Where(a => a.WordPressId != null && a.WordPressId < 800_000 && a.Status == ArticleStatus.Published)
            .OrderBy(a => a.WordPressId).Select(a => new { a.Headline, WordPressId = a.WordPressId!.Value }).ToListAsync());
        // Every markup post, the comment threads, post formats (old caption and gallery markup), a few block-editor posts,
        // edge cases and pages: axe takes seconds a page, so every one of the 79 would take minutes.
        var sample = published.Where(a => a.Headline.StartsWith("Markup:", StringComparison.Ordinal) || a.WordPressId is 1148 or 1149)
            .Concat(published.Where(a => a.Headline.StartsWith("Post Format:", StringComparison.Ordinal)).Take(5))
            .Concat(published.Where(a => a.Headline.StartsWith("Block:", StringComparison.Ordinal)).Take(3))
            .Concat(published.Where(a => a.Headline.StartsWith("Edge Case:", StringComparison.Ordinal)).Take(3))
            .Select(a => a.WordPressId).ToList();
        var paths = (await App.PublishedPathsAsync(sample)).Select(p => p.Path).ToList();
        Assert.True(paths.Count >= 15, $"Only {paths.Count} sample articles.");
        var pages = await App.DbAsync(db => db.StaticPages.Where(p => p.WordPressId < 800_000 && p.Status == Broadsheet.StaticPages.StaticPageStatus.Published)
            .OrderBy(p => p.WordPressId).Select(p => "/" + p.Slug).Take(5).ToListAsync());
        Assert.Equal(5, pages.Count);
        paths.AddRange(pages);

        var context = await readers.NewAsync();
        var problems = new List<string>();
        foreach (var path in paths)
        {
            var page = await readers.OpenAsync(context, path);
            problems.AddRange(Accessibility.Describe(await Accessibility.RunAsync(page), path));
            await page.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task An_export_carrying_the_xss_corpus_in_titles_bodies_excerpts_and_comments_imports_and_runs_nothing()
    {
        var payloads = XssCorpus.Load().Select(XmlSafe).Where(p => p.Trim().Length > 0).ToList();
        var builder = new WxrBuilder("https://hostile.example.com");
        const int PerPost = 60;
        var posts = 0;
        for (var start = 0; start < payloads.Count; start += PerPost)
        {
            var chunk = payloads.Skip(start).Take(PerPost).ToList();
            var comments = string.Concat(chunk.Select((p, i) => WxrBuilder.Comment(800_000 + start + i, p.Length > 150 ? p[..150] : p, p)));
            builder.Post(810_000 + posts, chunk[0], string.Join("\n\n", chunk), slug: $"hostile-{posts}", excerpt: chunk[^1], comments: comments);
            builder.Post(820_000 + posts, chunk[^1], string.Join("\n\n", chunk), type: "page", slug: $"hostile-page-{posts}");
            posts++;
        }

        var report = await App.ImportAsync(builder.Save());
        Assert.Equal(posts, report[Broadsheet.Import.ImportReport.Articles].Imported);

        var probe = await XssProbe.OpenAsync(await readers.NewAsync());
        var paths = await App.PublishedPathsAsync(Enumerable.Range(810_000, posts));
        Assert.Equal(posts, paths.Count);
        foreach (var (_, path) in paths)
        {
            await probe.VisitAsync(path, "() => JSON.stringify(document.querySelectorAll('li.comment').length)");
        }

        var pageSlugs = await App.DbAsync(db => db.StaticPages.Where(p => p.WordPressId >= 820_000).Select(p => p.Slug).ToListAsync());
        Assert.Equal(posts, pageSlugs.Count);
        foreach (var slug in pageSlugs)
        {
            await probe.VisitAsync($"/{slug}", "() => '0'");
        }

        await probe.VisitAsync("/", "() => '0'");
        probe.AssertNothingRan();
    }

    /// <summary>XML cannot carry NUL and most other control characters, even in CDATA: an export never has them.</summary>
    private static string XmlSafe(string payload)
    {
        var text = new StringBuilder(payload.Length);
        foreach (var c in payload)
        {
            if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => readers.DisposeAsync();
}
