using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Admin;

/// <summary>Comment moderation through the API: the newsroom queue's views and <see cref="CommentModeration"/>, policy Moderate.</summary>
public static class AdminCommentsApi
{
    public const int PageSize = 50;

    public static void MapAdminComments(this RouteGroupBuilder admin)
    {
        var comments = admin.MapGroup("/comments").RequireToken(NewsroomPolicies.Moderate);
        comments.MapGet("/", ListAsync).WithName("AdminListComments")
            .WithSummary("List comments by status")
            .WithDescription("status: pending (default), approved, spam, trash or reported (the newsroom queue's views); optional article id; 50 a page.")
            .ProducesValidationProblem();
        comments.MapPost("/{id:int}/approve", (int id, CommentModeration m, BroadsheetDb db, CancellationToken ct) => MoveAsync(id, CommentStatus.Approved, m, db, ct))
            .WithName("AdminApproveComment").WithSummary("Approve a comment").ProducesProblem(404);
        comments.MapPost("/{id:int}/spam", (int id, CommentModeration m, BroadsheetDb db, CancellationToken ct) => MoveAsync(id, CommentStatus.Spam, m, db, ct))
            .WithName("AdminSpamComment").WithSummary("Mark a comment as spam").ProducesProblem(404);
        comments.MapPost("/{id:int}/reject", (int id, CommentModeration m, BroadsheetDb db, CancellationToken ct) => MoveAsync(id, CommentStatus.Trash, m, db, ct))
            .WithName("AdminRejectComment").WithSummary("Reject a comment (to the trash)").ProducesProblem(404);
        comments.MapPost("/{id:int}/pending", (int id, CommentModeration m, BroadsheetDb db, CancellationToken ct) => MoveAsync(id, CommentStatus.Pending, m, db, ct))
            .WithName("AdminHoldComment").WithSummary("Return a comment to pending").ProducesProblem(404);
        // As WordPress's REST API does without force: a deletion goes to the trash, from which the newsroom can
        // still restore it; spam is deleted for good with the newsroom's "Empty spam".
        comments.MapDelete("/{id:int}", async (int id, CommentModeration m, BroadsheetDb db, CancellationToken ct) =>
            await MoveAsync(id, CommentStatus.Trash, m, db, ct) is { Result: ProblemHttpResult problem } ? (Results<NoContent, ProblemHttpResult>)problem : TypedResults.NoContent())
            .WithName("AdminDeleteComment").WithSummary("Delete a comment (to the trash)").ProducesProblem(404);
    }

    private static async Task<Results<Ok<AdminCommentList>, ValidationProblem>> ListAsync(BroadsheetDb db, string? status, int? article, int? page, CancellationToken cancellationToken)
    {
        var view = string.IsNullOrWhiteSpace(status) ? "pending" : status.Trim().ToLowerInvariant();
        if (!Broadsheet.Areas.Newsroom.Pages.Comments.IndexModel.Views.Contains(view))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Choose pending, approved, spam, trash or reported."] });
        }

        var number = Math.Max(1, page ?? 1);
        var scoped = db.Comments.AsNoTracking().Where(c => article == null || c.ArticleId == article);
        var query = view == "reported"
            ? scoped.Where(c => c.ReportCount > 0 && c.Status != CommentStatus.Trash && c.Status != CommentStatus.Spam).OrderByDescending(c => c.ReportCount).ThenByDescending(c => c.CreatedAt)
            : scoped.Where(c => c.Status == Enum.Parse<CommentStatus>(view, true)).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        var rows = await query.Skip((number - 1) * PageSize).Take(PageSize + 1)
            .Select(c => new AdminComment(c.Id, c.ArticleId, c.Article.Headline, c.ParentId, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.Body,
                c.Status.ToString().ToLower(), c.ModerationReason, c.ReportCount, c.IsStaff, c.CreatedAt))
            .ToListAsync(cancellationToken);
        var items = rows.Take(PageSize).Select(c => c with { CreatedAt = AdminArticleMapper.Utc(c.CreatedAt) }).ToList();
        return TypedResults.Ok(new AdminCommentList(items, number, PageSize, rows.Count > PageSize));
    }

    private static async Task<Results<Ok<AdminComment>, ProblemHttpResult>> MoveAsync(int id, CommentStatus status, CommentModeration moderation, BroadsheetDb db, CancellationToken cancellationToken)
    {
        if (!await db.Comments.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no such comment.");
        }

        await moderation.SetStatusAsync([id], status, cancellationToken);
        var comment = await db.Comments.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new AdminComment(c.Id, c.ArticleId, c.Article.Headline, c.ParentId, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.Body,
                c.Status.ToString().ToLower(), c.ModerationReason, c.ReportCount, c.IsStaff, c.CreatedAt))
            .FirstAsync(cancellationToken);
        return TypedResults.Ok(comment with { CreatedAt = AdminArticleMapper.Utc(comment.CreatedAt) });
    }
}
