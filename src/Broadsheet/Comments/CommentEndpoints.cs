using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Spam;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>
/// The small uncached endpoints behind the cached article page's comment form: the per-reader state
/// (antiforgery token, form stamp, challenge, remembered name, the reader's own held comments) and a fresh
/// challenge when one expires.
/// </summary>
public static class CommentEndpoints
{
    public sealed record HeldView(int Id, int? ParentId, string Name, string BodyHtml);

    public sealed record RememberedView(string Name, string Email, string? Website);

    public sealed record FormState(string Token, string Stamp, System.Text.Json.Nodes.JsonNode Challenge, RememberedView? Commenter, IReadOnlyList<HeldView> Held);

    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app)
    {
        // Cache-Control: private, no-store comes from UseCommentHeaders, for these and the comment pages alike.
        var comments = app.MapGroup("/comments");
        comments.MapGet("/state", GetStateAsync);
        comments.MapGet("/challenge", (AltchaChallenges challenges) =>
            TypedResults.Text(challenges.Create().ToJson(), "application/json"));

        // A comment's lasting link (feeds, mail, the API): its discussion's page moves as comments come.
        app.MapGet("/comment/{id:int}", GoToCommentAsync).AnswerHead();
        return app;
    }

    private static async Task<Results<RedirectHttpResult, NotFound>> GoToCommentAsync(
        int id, CommentPermalinks permalinks, CancellationToken cancellationToken) =>
        await permalinks.PathAsync(id, cancellationToken) is { } path ? TypedResults.Redirect(path) : TypedResults.NotFound();

    private static async Task<Ok<FormState>> GetStateAsync(
        HttpContext context, int? article, IAntiforgery antiforgery, FormStamps stamps, AltchaChallenges challenges,
        CommentCookies cookies, BroadsheetDb db, CancellationToken cancellationToken)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var remembered = cookies.Remembered(context.Request);
        IReadOnlyList<HeldView> held = [];
        var heldIds = cookies.HeldIds(context.Request);
        if (heldIds.Count > 0 && !await db.Comments.AnyAsync(c => heldIds.Contains(c.Id) && c.Status == CommentStatus.Pending, cancellationToken))
        {
            // All moderated: the page need not ask on every visit any more.
            cookies.ForgetHeld(context);
        }
        else if (article is { } articleId && heldIds.Count > 0)
        {
            var rows = await db.Comments.AsNoTracking()
                .Where(c => heldIds.Contains(c.Id) && c.ArticleId == articleId && c.Status == CommentStatus.Pending)
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.ParentId, c.AuthorName, c.Body })
                .ToListAsync(cancellationToken);
            held = rows.Select(r => new HeldView(r.Id, r.ParentId, r.AuthorName, CommentText.ToHtml(r.Body))).ToList();
        }

        return TypedResults.Ok(new FormState(
            tokens.RequestToken!,
            stamps.Issue(article ?? 0),
            System.Text.Json.Nodes.JsonNode.Parse(challenges.Create().ToJson())!,
            remembered is null ? null : new RememberedView(remembered.Name, remembered.Email, remembered.Website),
            held));
    }
}
