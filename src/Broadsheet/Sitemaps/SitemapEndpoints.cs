using System.Xml;
using Broadsheet.Articles;
using Broadsheet.Feeds;
using XmlText = Broadsheet.Feeds.XmlText;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Sitemaps;

/// <summary>
/// /sitemap.xml lists every published article. Once their ids span more than one block of <c>SitemapSize</c>, it is
/// a sitemap index instead, pointing to numbered article sitemaps: file N holds the published articles whose ids
/// fall in the N-th block. Keyed by id, a file is read straight from the primary key however deep
/// it lies, and its content stays put as articles are added, unpublished or deleted elsewhere.
/// </summary>
public static class SitemapEndpoints
{
    internal const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static IEndpointRouteBuilder MapSitemaps(this IEndpointRouteBuilder app)
    {
        var sitemaps = app.MapGroup("").CacheOutput(PageCache.PolicyName).AnswerHead();
        sitemaps.MapGet("/sitemap.xml", SitemapAsync);
        sitemaps.MapGet("/sitemaps/sections.xml", SectionsAsync);
        sitemaps.MapGet("/sitemaps/articles-{number:int}.xml", ArticlesAsync);
        return app;
    }

    private sealed record Entry(string Slug, DateTime PublishedAt, DateTime UpdatedAt)
    {
        public DateTime LastModified => UpdatedAt > PublishedAt ? UpdatedAt : PublishedAt;
    }

    private static IQueryable<Entry> Entries(FeedContext feed) =>
        feed.Published.OrderBy(a => a.Id).Select(a => new Entry(a.Slug, a.PublishedAt!.Value, a.UpdatedAt));

    /// <summary>
    /// The numbers (from 0) of the blocks of <paramref name="perFile"/> ids that hold a published article, in order: one
    /// probe of the id index per block, which ends at the block's first published article (0.5-2 ms at 100,000
    /// articles). A pass over every published article, taking the distinct blocks, cost 10 ms on SQLite and 15-22 ms on
    /// PostgreSQL (a p99 of 64 ms there).
    /// </summary>
    private static async Task<List<int>> PublishedBlocksAsync(FeedContext feed, int perFile, CancellationToken ct)
    {
        var newestId = await feed.Db.Articles.MaxAsync(a => (int?)a.Id, ct) ?? 0;
        var count = (int)(((long)newestId + perFile - 1) / perFile);
        var sql = feed.Db.Database.IsSqlite() ? SqliteBlocksSql : PostgresBlocksSql;
        return await feed.Db.Database.SqlQueryRaw<int>(sql, count, perFile, feed.Now).ToListAsync(ct);
    }

    private static readonly int Published = (int)ArticleStatus.Published;

    /// <summary>
    /// The block numbers below {0} whose ids ({1} a block) include an article published by {2}. The status is written
    /// in, not a parameter: PostgreSQL's generic plan for an unknown status probed the status index instead, reading
    /// every published article's entry (44-69 ms); SQLite, which keeps no statistics, is told which index to probe.
    /// </summary>
    private static string BlocksSql(string articles) => $"""
        WITH RECURSIVE "Blocks"("Number") AS (
            SELECT 0 UNION ALL SELECT "Number" + 1 FROM "Blocks" WHERE "Number" + 1 < {"{0}"})
        SELECT "Number" AS "Value" FROM "Blocks"
        WHERE EXISTS (
            SELECT 1 FROM {articles}
            WHERE a."Id" > "Number" * {"{1}"} AND a."Id" <= ("Number" + 1) * {"{1}"}
                AND a."Status" = {Published} AND a."PublishedAt" <= {"{2}"})
        ORDER BY "Number"
        """;

    private static readonly string SqliteBlocksSql = BlocksSql("\"Articles\" AS a INDEXED BY \"IX_Articles_Id_Status_PublishedAt_SectionId\"");
    private static readonly string PostgresBlocksSql = BlocksSql("\"Articles\" AS a");

    private static async Task<FileContentHttpResult> SitemapAsync(HttpContext context, FeedContext feed, CancellationToken ct)
    {
        context.TagResponse(PageCache.ListingsTag, StaticPageCache.ListTag);
        var perFile = feed.Options.Value.Site.SitemapSize;
        // Which blocks of ids hold a published article: a block with none gets no file, so the index never points to an
        // empty sitemap. Articles in one block fit one file.
        var blocks = await PublishedBlocksAsync(feed, perFile, ct);
        if (blocks.Count > 1)
        {
            return Write(xml =>
            {
                xml.WriteStartElement("sitemapindex", SitemapNs);
                WriteSitemap(xml, feed.Urls.Absolute("/sitemaps/sections.xml"));
                foreach (var block in blocks)
                {
                    WriteSitemap(xml, feed.Urls.Absolute($"/sitemaps/articles-{block + 1}.xml"));
                }

                xml.WriteEndElement();
            });
        }

        var articles = await Entries(feed).ToListAsync(ct);
        var sections = await SectionSlugsAsync(feed, ct);
        var pages = await PagesAsync(feed, ct);
        return Write(xml =>
        {
            xml.WriteStartElement("urlset", SitemapNs);
            WriteFrontPages(xml, feed, sections, articles.Count > 0 ? articles.Max(a => a.LastModified) : null);
            WritePages(xml, feed, pages);
            WriteArticles(xml, feed, articles);
            xml.WriteEndElement();
        });
    }

    private static async Task<FileContentHttpResult> SectionsAsync(HttpContext context, FeedContext feed, CancellationToken ct)
    {
        context.TagResponse(PageCache.ListingsTag, StaticPageCache.ListTag);
        var sections = await SectionSlugsAsync(feed, ct);
        var newest = await feed.Published.MaxAsync(a => (DateTime?)a.PublishedAt, ct);
        var pages = await PagesAsync(feed, ct);
        return Write(xml =>
        {
            xml.WriteStartElement("urlset", SitemapNs);
            WriteFrontPages(xml, feed, sections, newest);
            WritePages(xml, feed, pages);
            xml.WriteEndElement();
        });
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> ArticlesAsync(
        int number, HttpContext context, FeedContext feed, CancellationToken ct)
    {
        var perFile = feed.Options.Value.Site.SitemapSize;
        var first = ((long)number - 1) * perFile + 1;
        if (number < 1 || first > int.MaxValue)
        {
            return TypedResults.NotFound();
        }

        var from = (int)first;
        var to = (int)Math.Min(first + perFile - 1, int.MaxValue);
        // The block is read by primary key and the published ones picked here: with the status test in the query,
        // SQLite (which keeps no statistics) prefers the status index and walks every published article instead.
        var rows = await feed.Db.Articles.AsNoTracking().Where(a => a.Id >= from && a.Id <= to).OrderBy(a => a.Id)
            .Select(a => new { a.Slug, a.Status, a.PublishedAt, a.UpdatedAt }).ToListAsync(ct);
        var articles = rows.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= feed.Now)
            .Select(a => new Entry(a.Slug, a.PublishedAt!.Value, a.UpdatedAt)).ToList();
        if (articles.Count == 0)
        {
            return TypedResults.NotFound();
        }

        context.TagResponse(PageCache.ListingsTag);
        return Write(xml =>
        {
            xml.WriteStartElement("urlset", SitemapNs);
            WriteArticles(xml, feed, articles);
            xml.WriteEndElement();
        });
    }

    private static Task<List<string>> SectionSlugsAsync(FeedContext feed, CancellationToken ct) =>
        feed.Db.Sections.AsNoTracking().OrderBy(s => s.Position).Select(s => s.Slug).ToListAsync(ct);

    private sealed record PageEntry(string Slug, DateTime? PublishedAt, DateTime UpdatedAt);

    /// <summary>The published static pages (About, Contact …), which sit with the front pages: one file, however many articles.</summary>
    private static Task<List<PageEntry>> PagesAsync(FeedContext feed, CancellationToken ct) =>
        feed.Db.StaticPages.AsNoTracking().Where(p => p.Status == StaticPageStatus.Published).OrderBy(p => p.Slug)
            .Select(p => new PageEntry(p.Slug, p.PublishedAt, p.UpdatedAt)).ToListAsync(ct);

    private static void WritePages(XmlWriter xml, FeedContext feed, IEnumerable<PageEntry> pages)
    {
        foreach (var page in pages)
        {
            WriteUrl(xml, feed.Urls.Absolute("/" + page.Slug), page.PublishedAt > page.UpdatedAt ? page.PublishedAt : page.UpdatedAt);
        }
    }

    private static void WriteFrontPages(XmlWriter xml, FeedContext feed, IEnumerable<string> sections, DateTime? newest)
    {
        WriteUrl(xml, feed.Urls.Absolute("/"), newest);
        foreach (var section in sections)
        {
            WriteUrl(xml, feed.Urls.Absolute($"/section/{section}"), null);
        }
    }

    private static void WriteArticles(XmlWriter xml, FeedContext feed, IEnumerable<Entry> articles)
    {
        foreach (var article in articles)
        {
            WriteUrl(xml, feed.Urls.Absolute(feed.Calendar.ArticlePath(article.PublishedAt, article.Slug)), article.LastModified);
        }
    }

    private static FileContentHttpResult Write(Action<XmlWriter> body) =>
        TypedResults.File(XmlText.Document(body), "application/xml; charset=utf-8");

    private static void WriteSitemap(XmlWriter xml, string loc)
    {
        xml.WriteStartElement("sitemap", SitemapNs);
        xml.WriteElementString("loc", SitemapNs, loc);
        xml.WriteEndElement();
    }

    private static void WriteUrl(XmlWriter xml, string loc, DateTime? lastModified)
    {
        xml.WriteStartElement("url", SitemapNs);
        xml.WriteElementString("loc", SitemapNs, loc);
        if (lastModified is { } modified)
        {
            xml.WriteElementString("lastmod", SitemapNs, FeedWriter.Rfc3339(modified));
        }

        xml.WriteEndElement();
    }
}
