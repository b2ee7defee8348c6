using System.Text.RegularExpressions;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// Addresses of articles readers could read and no longer can, because they are in the trash or were deleted for
/// good: they answer 410 Gone (so search engines drop them) instead of 404. Only asked for a request that would
/// otherwise end in 404, so the pages that exist pay nothing.
/// </summary>
public static partial class GoneArticles
{
    /// <summary>
    /// Whether the article was ever on the site: its status outside the trash says so, or its first publication left
    /// its mark (<see cref="Article.AlertQueuedAt"/> is set when an article first goes live, and kept when it is taken
    /// back to a draft, which <see cref="Article.PublishedAt"/> is not: a draft's is only its planned time).
    /// Imported articles carry the mark too, whatever their status on the old site.
    /// </summary>
    public static bool WasPublic(Article article) => WasPublic(article.Status, article.StatusBeforeTrash, article.AlertQueuedAt);

    /// <inheritdoc cref="WasPublic(Article)"/>
    public static bool WasPublic(ArticleStatus status, ArticleStatus? beforeTrash, DateTime? alertQueuedAt) =>
        alertQueuedAt is not null
        || (status == ArticleStatus.Trashed ? beforeTrash : status) is ArticleStatus.Published or ArticleStatus.Unpublished;

    /// <summary>
    /// Whether <paramref name="path"/> is the address of such an article, its comment feed or its More Articles
    /// (under its slug or an old one). A removed slug that another article has taken since is that article's again.
    /// </summary>
    public static async Task<bool> IsGoneAsync(BroadsheetDb db, string path, CancellationToken cancellationToken = default)
    {
        if (ArticlePath().Match(path) is not { Success: true } match)
        {
            return false;
        }

        var slug = match.Groups["slug"].Value.ToLowerInvariant();
        var owner = await db.Articles.AsNoTracking().Where(a => a.Slug == slug)
                .Select(a => new { a.Status, a.StatusBeforeTrash, a.AlertQueuedAt }).FirstOrDefaultAsync(cancellationToken)
            ?? await db.RetiredSlugs.AsNoTracking().Where(r => r.Slug == slug)
                .Select(r => new { r.Article.Status, r.Article.StatusBeforeTrash, r.Article.AlertQueuedAt }).FirstOrDefaultAsync(cancellationToken);
        if (owner is not null)
        {
            return owner.Status == ArticleStatus.Trashed && WasPublic(owner.Status, owner.StatusBeforeTrash, owner.AlertQueuedAt);
        }

        return await db.RemovedSlugs.AsNoTracking().AnyAsync(r => r.Slug == slug, cancellationToken);
    }

    /// <summary>/yyyy/mm/dd/slug, and its /feed and /more, as the article routes take them.</summary>
    [GeneratedRegex(@"^/[0-9]{1,4}/[0-9]{1,2}/[0-9]{1,2}/(?<slug>[^/]{1,100})(?:/feed|/more)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex ArticlePath();
}
