using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Content;

/// <summary><c>/api/v1/articles/{id}/comments</c>: an article's approved reader comments, oldest first, as the page shows them.</summary>
public static class ArticleCommentsApi
{
    public static RouteGroupBuilder MapArticleCommentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/articles/{id:int}/comments", ListAsync).WithName("listArticleComments").WithSummary("List an article's approved comments")
            .WithDescription("Oldest first. `parentId` is the comment replied to, so a client can rebuild the threads. Pingbacks and trackbacks are left out, as on the page.");
        return api;
    }

    private static async Task<Results<Ok<ContentPage<CommentInfo>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        int id, [AsParameters] PageParameters paging, HttpContext context, ContentSite site, CancellationToken ct)
    {
        // Approving, editing or removing a comment evicts its article's tag (PageCacheEviction.CommentsChangedAsync).
        context.TagResponse(PageCache.ArticleTag(id));
        if (!await site.Db.Articles.Published(site.Now).AnyAsync(a => a.Id == id, ct))
        {
            return ApiProblems.NotFound($"No published article has the id {id}.");
        }

        var comments = site.Db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == id && c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.ParentId, c.AuthorName, c.IsStaff, c.Body, c.CreatedAt, c.EditedAt });
        var result = await ContentApi.PageAsync(context, site, comments,
            c => new CommentInfo(c.Id, c.ParentId, c.AuthorName, c.IsStaff, c.Body, ContentSite.Utc(c.CreatedAt), ContentSite.Utc(c.EditedAt)), ct);
        return result.Result switch
        {
            Ok<ContentPage<CommentInfo>> ok => ok,
            ValidationProblem problem => problem,
            _ => throw new InvalidOperationException("A page is either a page or a problem."),
        };
    }
}
