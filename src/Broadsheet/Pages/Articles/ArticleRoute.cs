using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Pages.Articles;

/// <summary>
/// The outcome of looking up /yyyy/mm/dd/slug: the article, a permanent redirect, or nothing; with the article, its
/// discussion's first rows when they were asked for (<see cref="ArticleRequest.WithDiscussion"/>).
/// </summary>
internal sealed record ArticleLookup(ArticleView? Article, string? RedirectPath, List<Broadsheet.Comments.CommentSql.Row>? FirstComments = null)
{
    public static readonly ArticleLookup Missing = new(null, null);
}

/// <summary>A request for an article's page, or for a page under it.</summary>
/// <param name="Path">The path as requested; anything but the canonical spelling is redirected.</param>
/// <param name="Slug">The slug as requested.</param>
/// <param name="UtcNow">Articles published after this are not there yet.</param>
/// <param name="PathSuffix">What follows the article's path in this route ("/more").</param>
/// <param name="RedirectSuffix">What a redirect appends to the article's canonical path.</param>
/// <param name="WithDiscussion">Read the discussion's first rows with the article, in the same round trip.</param>
internal sealed record ArticleRequest(
    string Path, string Slug, DateTime UtcNow, string PathSuffix = "", string RedirectSuffix = "", bool WithDiscussion = false);

internal static class ArticleRoute
{
    public static async Task<ArticleLookup> ResolveAsync(
        BroadsheetDb db, KeptStatements statements, SiteCalendar calendar, ArticleRequest request, CancellationToken cancellationToken)
    {
        var (requestPath, slug, utcNow, pathSuffix, redirectSuffix, withDiscussion) = request;
        var normalized = slug.ToLowerInvariant();
        var (article, firstComments) = await statements.FindPublishedAsync(normalized, utcNow, withDiscussion, cancellationToken);
        if (article is null)
        {
            // An old slug answers 301 to wherever the article lives now.
            var renamed = await db.RetiredSlugs.AsNoTracking()
                .Where(r => r.Slug == normalized)
                .Select(r => new { r.Article.Slug, r.Article.PublishedAt, r.Article.Status })
                .FirstOrDefaultAsync(cancellationToken);
            return renamed is { Status: ArticleStatus.Published, PublishedAt: { } published } && published <= utcNow
                ? new ArticleLookup(null, calendar.ArticlePath(published, renamed.Slug) + redirectSuffix)
                : ArticleLookup.Missing;
        }

        var canonical = calendar.ArticlePath(article.PublishedAt, article.Slug);
        // Exact spelling: /2024/4/24/Slug is the same article, but only /2024/04/24/slug is its URL.
        return requestPath == canonical + pathSuffix
            ? new ArticleLookup(article, null, firstComments)
            : new ArticleLookup(null, canonical + redirectSuffix);
    }
}
