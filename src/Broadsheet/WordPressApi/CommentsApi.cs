using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary><c>/wp-json/wp/v2/comments</c>: approved reader comments on published articles (never pingbacks, held or spam).</summary>
public static class CommentsApi
{
    public static RouteGroupBuilder MapCommentsApi(this RouteGroupBuilder api)
    {
        api.MapMethods("/comments", WordPressApiSetup.Read, ListAsync).CacheOutput(WordPressApiSetup.PolicyName);
        api.MapMethods("/comments/{id}", WordPressApiSetup.Read, GetAsync).CacheOutput(WordPressApiSetup.PolicyName);
        return api;
    }

    private sealed record CommentRow(
        int Id, int ArticleId, int? ParentId, string AuthorName, string? AuthorUrl, string Body, DateTime CreatedAt, DateTime PublishedAt, string Slug);

    private static IQueryable<Comment> Public(WpSite site)
    {
        var now = site.Now;
        return site.Db.Comments.AsNoTracking().Where(c => c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment
            && c.Article.Status == ArticleStatus.Published && c.Article.PublishedAt <= now);
    }

    /// <summary>The comments read down the index that starts with their article's id (SQLite).</summary>
    internal const string ByArticleSql = "SELECT * FROM \"Comments\" INDEXED BY \"IX_Comments_ArticleId_Status_Kind_CreatedAt_Id_ParentId\"";

    /// <summary>
    /// The public comments of some posts: which of the posts are public is asked first, and their comments are then
    /// read down the index that starts with the article's id. With the articles' conditions in the comments' query,
    /// SQLite walked every published article to find the few asked for: at 100,000 articles and a million comments,
    /// 125 ms for the count and 200 ms for a page of one article's discussion.
    /// </summary>
    private static async Task<IQueryable<Comment>> OfPostsAsync(WpSite site, IReadOnlyList<int> posts, CancellationToken ct)
    {
        var now = site.Now;
        var shown = await site.Db.Articles.Where(a => posts.Contains(a.Id) && a.Status == ArticleStatus.Published && a.PublishedAt <= now)
            .Select(a => a.Id).ToListAsync(ct);
        var comments = site.Db.Database.IsSqlite() ? site.Db.Comments.FromSqlRaw(ByArticleSql) : site.Db.Comments;
        comments = comments.AsNoTracking().Where(c => c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment);
        // One post's comments by equality, so that its index's order (article, status, kind, time, id) is the page's
        // order: given a list of one, PostgreSQL walked the site's approved comments backwards by time instead, 416,000
        // of them (167 ms) to reach an older article's.
        return shown is [var only] ? comments.Where(c => c.ArticleId == only) : comments.Where(c => shown.Contains(c.ArticleId));
    }

    private static IQueryable<CommentRow> Rows(IQueryable<Comment> comments) =>
        comments.Select(c => new CommentRow(c.Id, c.ArticleId, c.ParentId, c.AuthorName, c.AuthorUrl, c.Body, c.CreatedAt, c.Article.PublishedAt!.Value, c.Article.Slug));

    private static async Task<Results<JsonHttpResult<List<WpComment>>, WpError>> ListAsync(HttpContext context, WpSite site, CancellationToken ct)
    {
        var query = new WpQuery(context.Request.Query);
        if (query.Forbidden("approve") is { } forbidden)
        {
            return forbidden;
        }

        foreach (var personal in new[] { "author_email", "author_exclude", "type" })
        {
            if (query.Has(personal) && !(personal == "type" && query.Text("type") == "comment"))
            {
                return WpError.ForbiddenParam(personal);
            }
        }

        var perPage = query.PerPage();
        var page = query.Page();
        var offset = query.Offset();
        var ascending = query.Ascending(byDefault: false);
        var orderBy = query.OrderBy("date_gmt", "date", "date_gmt", "id", "include", "post", "parent", "type");
        var search = query.Search();
        var include = query.Ids("include");
        var exclude = query.Ids("exclude");
        var posts = query.Ids("post");
        var parents = query.Ids("parent");
        var parentsExclude = query.Ids("parent_exclude");
        if (query.Error is { } invalid)
        {
            return invalid;
        }

        var comments = posts is null ? Public(site) : await OfPostsAsync(site, posts, ct);
        comments = search is null ? comments : comments.Where(c => EF.Functions.Like(c.Body.ToLower(), search, WpQuery.LikeEscape) || EF.Functions.Like(c.AuthorName.ToLower(), search, WpQuery.LikeEscape));
        comments = include is null ? comments : comments.Where(c => include.Contains(c.Id));
        comments = exclude is null ? comments : comments.Where(c => !exclude.Contains(c.Id));
        comments = parents is null ? comments
            : comments.Where(c => (c.ParentId == null && parents.Contains(0)) || (c.ParentId != null && parents.Contains(c.ParentId.Value)));
        comments = parentsExclude is null ? comments
            : comments.Where(c => !((c.ParentId == null && parentsExclude.Contains(0)) || (c.ParentId != null && parentsExclude.Contains(c.ParentId.Value))));
        var ordered = (orderBy, ascending) switch
        {
            ("id" or "include", true) => comments.OrderBy(c => c.Id),
            ("id" or "include", false) => comments.OrderByDescending(c => c.Id),
            ("post", true) => comments.OrderBy(c => c.ArticleId).ThenBy(c => c.Id),
            ("post", false) => comments.OrderByDescending(c => c.ArticleId).ThenByDescending(c => c.Id),
            ("parent", true) => comments.OrderBy(c => c.ParentId).ThenBy(c => c.Id),
            ("parent", false) => comments.OrderByDescending(c => c.ParentId).ThenByDescending(c => c.Id),
            (_, true) => comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
            _ => comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        };

        var (rows, beyond) = await site.PageAsync(context, Rows(ordered), page, perPage, offset, WpError.CommentPageBeyondEnd, ct);
        if (beyond is not null)
        {
            return beyond;
        }

        // Comments from any article: every discussion change evicts this list, and an article's change (withdrawn, trashed)
        // too, as it does the other lists.
        context.TagResponse(PageCache.CommentsTag, PageCache.ListingsTag);
        return TypedResults.Json(rows.Select(r => ToComment(site, r)).ToList(), WpJsonContext.Wire.ListWpComment);
    }

    private static async Task<Results<JsonHttpResult<WpComment>, WpError>> GetAsync(string id, HttpContext context, WpSite site, CancellationToken ct)
    {
        if (new WpQuery(context.Request.Query).Forbidden("approve") is { } forbidden)
        {
            return forbidden;
        }

        if (!WpIds.TryParse(id, out var key) || await Rows(Public(site).Where(c => c.Id == key)).FirstOrDefaultAsync(ct) is not { } row)
        {
            return WpError.InvalidCommentId();
        }

        context.TagResponse(PageCache.ArticleTag(row.ArticleId));
        return TypedResults.Json(ToComment(site, row), WpJsonContext.Wire.WpComment);
    }

    private static WpComment ToComment(WpSite site, CommentRow row)
    {
        var links = new List<(string, WpLink)>
        {
            ("self", new WpLink(site.Api($"/comments/{row.Id}"))),
            ("collection", new WpLink(site.Api("/comments"))),
            ("up", new WpLink(site.Api($"/posts/{row.ArticleId}"), Embeddable: true)),
        };
        if (row.ParentId is { } parent)
        {
            links.Add(("in-reply-to", new WpLink(site.Api($"/comments/{parent}"), Embeddable: true)));
        }

        return new WpComment(
            row.Id,
            row.ArticleId,
            row.ParentId ?? 0,
            0,
            row.AuthorName,
            row.AuthorUrl is not null && ArticleBody.IsSafeUrl(row.AuthorUrl) ? row.AuthorUrl : "",
            site.Local(row.CreatedAt),
            WpSite.Gmt(row.CreatedAt),
            new WpRendered(CommentText.ToHtml(row.Body)),
            site.Absolute(CommentPermalinks.Route(row.Id)),
            "approved",
            "comment",
            new Dictionary<string, string>(),
            [],
            WpSite.Links([.. links]));
    }
}
