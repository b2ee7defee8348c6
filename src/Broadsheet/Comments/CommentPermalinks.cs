using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>
/// Where a comment is: the page of its article's discussion that holds its thread, in the site's order. Links
/// made where that page is not known cheaply (feeds, mail, the API) go through <see cref="Route"/>, which
/// redirects to it, so they land on the right page however the discussion has grown since.
/// </summary>
public sealed class CommentPermalinks(BroadsheetDb db, KeptStatements statements, SiteSettingsStore settings, SiteCalendar calendar, TimeProvider time)
{
    /// <summary>The site path that redirects to the comment where it shows now.</summary>
    public static string Route(int commentId) => $"/comment/{commentId}";

    /// <summary>Page 1 of a discussion is the article itself; the others add ?cpage=N.</summary>
    public static string PagePath(string articlePath, int page) => page <= 1 ? articlePath : $"{articlePath}?cpage={page}";

    public static string Anchor(int commentId) => $"#comment-{commentId}";

    /// <summary>
    /// The page that shows (or, for a comment awaiting moderation, will show) the comment's thread, counted in
    /// the site's order. One command, kept prepared (every post that starts no new thread on the first
    /// page asks it, and compiling its recursive SQL cost more than running it).
    /// </summary>
    public async Task<int> PageOfAsync(int commentId, int articleId, CancellationToken cancellationToken)
    {
        var rules = settings.Discussion;
        var before = (await statements.ListAsync(
            rules.NewestFirst ? CommentSql.ThreadsBeforeNewestFirst : CommentSql.ThreadsBeforeOldestFirst, [commentId, articleId],
            r => r.GetInt64(0), cancellationToken)).Single();
        return (int)(before / rules.CommentsPerPage) + 1;
    }

    /// <summary>The path and anchor of an approved comment on a published article; null for any other.</summary>
    public async Task<string?> PathAsync(int commentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.Comments.AsNoTracking()
            .Where(c => c.Id == commentId && c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment
                && c.Article.Status == ArticleStatus.Published && c.Article.PublishedAt <= now)
            .Select(c => new { c.ArticleId, c.Article.Slug, PublishedAt = c.Article.PublishedAt!.Value })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var page = await PageOfAsync(commentId, row.ArticleId, cancellationToken);
        return PagePath(calendar.ArticlePath(row.PublishedAt, row.Slug), page) + Anchor(commentId);
    }
}
