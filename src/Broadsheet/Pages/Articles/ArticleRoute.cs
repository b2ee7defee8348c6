using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Pages.Articles;

/// <summary>The outcome of looking up /yyyy/mm/dd/slug: the article, a permanent redirect, or nothing.</summary>
public sealed record ArticleLookup(ArticleView? Article, string? RedirectPath)
{
    public static readonly ArticleLookup Missing = new(null, null);
}

public static class ArticleRoute
{
    public static async Task<ArticleLookup> ResolveAsync(
        BroadsheetDb db, SiteCalendar calendar, int year, int month, int day, string slug, DateTime utcNow, string suffix,
        CancellationToken cancellationToken)
    {
        var normalized = slug.ToLowerInvariant();
        var article = await db.FindPublishedAsync(normalized, utcNow, cancellationToken);
        if (article is null)
        {
            // An old slug answers 301 to wherever the article lives now.
            var renamed = await db.RetiredSlugs.AsNoTracking()
                .Where(r => r.Slug == normalized)
                .Select(r => new { r.Article.Slug, r.Article.PublishedAt, r.Article.Status })
                .FirstOrDefaultAsync(cancellationToken);
            return renamed is { Status: ArticleStatus.Published, PublishedAt: { } published } && published <= utcNow
                ? new ArticleLookup(null, calendar.ArticlePath(published, renamed.Slug) + suffix)
                : ArticleLookup.Missing;
        }

        var canonical = calendar.ArticlePath(article.PublishedAt, article.Slug);
        var requested = FormattableString.Invariant($"/{year:0000}/{month:00}/{day:00}/{slug}");
        return requested == canonical ? new ArticleLookup(article, null) : new ArticleLookup(null, canonical + suffix);
    }
}
