using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Redirects;

/// <summary>
/// WordPress's own short links, <c>?p=ID</c> (a post) and <c>?page_id=ID</c> (a page), by the ids of the
/// site an import came from: they lead to the imported article or page wherever it lives now.
/// </summary>
public static class WordPressShortLinks
{
    public static bool IsShortLink(IQueryCollection query) => query.ContainsKey("p") || query.ContainsKey("page_id");

    /// <summary>The current path of what the query's WordPress id names, or null when nothing published has that id.</summary>
    public static async Task<string?> FindAsync(BroadsheetDb db, SiteCalendar calendar, DateTime utcNow, IQueryCollection query, CancellationToken cancellationToken = default)
    {
        if (Id(query, "p") is { } postId)
        {
            return await ArticlePathAsync(db, calendar, utcNow, postId, cancellationToken) ?? await PagePathAsync(db, postId, cancellationToken);
        }

        return Id(query, "page_id") is { } pageId
            ? await PagePathAsync(db, pageId, cancellationToken) ?? await ArticlePathAsync(db, calendar, utcNow, pageId, cancellationToken)
            : null;
    }

    private static int? Id(IQueryCollection query, string name) =>
        query[name] is { Count: 1 } values && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static async Task<string?> ArticlePathAsync(BroadsheetDb db, SiteCalendar calendar, DateTime utcNow, int wordPressId, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().Published(utcNow).Where(a => a.WordPressId == wordPressId)
            .Select(a => new { a.Slug, PublishedAt = a.PublishedAt!.Value })
            .FirstOrDefaultAsync(cancellationToken);
        return article is null ? null : calendar.ArticlePath(article.PublishedAt, article.Slug);
    }

    private static async Task<string?> PagePathAsync(BroadsheetDb db, int wordPressId, CancellationToken cancellationToken)
    {
        var slug = await db.StaticPages.AsNoTracking().Where(p => p.WordPressId == wordPressId && p.Status == StaticPageStatus.Published)
            .Select(p => p.Slug).FirstOrDefaultAsync(cancellationToken);
        return slug is null ? null : "/" + slug;
    }
}
