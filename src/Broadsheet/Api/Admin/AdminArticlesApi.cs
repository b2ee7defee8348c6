using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Admin;

/// <summary>
/// Articles through the Admin API. Every write goes through <see cref="ArticleEditing.SaveAsync"/>, as the newsroom
/// editor's do, so the checks, the workflow rules, revisions, cache eviction and the audit log are the same; the
/// editor's messages come back as problem details with field errors.
/// </summary>
public static class AdminArticlesApi
{
    public const int PageSize = 50;

    public static void MapAdminArticles(this RouteGroupBuilder admin)
    {
        var articles = admin.MapGroup("/articles").RequireToken(NewsroomPolicies.Write);
        articles.MapGet("/", ListAsync).WithName("AdminListArticles")
            .WithSummary("List articles").WithDescription("Every status the token's owner may see: Editors and Administrators all, others their own. Filter by status; 50 a page.");
        articles.MapGet("/{id:int}", GetAsync).WithName("AdminGetArticle").WithSummary("Get an article").ProducesProblem(404);
        articles.MapPost("/", CreateAsync).WithName("AdminCreateArticle")
            .WithSummary("Create a draft").WithDescription("Saved as a draft, as the editor's Save draft. Send Idempotency-Key to retry safely.")
            .Accepts<ArticleRequest>("application/json").ProducesValidationProblem();
        articles.MapPut("/{id:int}", UpdateAsync).WithName("AdminUpdateArticle")
            .WithSummary("Update an article").WithDescription("Replaces the article's fields; its status stays (a live article is updated live, a submitted one stays submitted).")
            .Accepts<ArticleRequest>("application/json").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        articles.MapPost("/{id:int}/publish", PublishAsync).WithName("AdminPublishArticle")
            .WithSummary("Publish now").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        articles.MapPost("/{id:int}/schedule", ScheduleAsync).WithName("AdminScheduleArticle")
            .WithSummary("Schedule publication").WithDescription("The article goes live at publishAt (in the future).")
            .Accepts<ScheduleRequest>("application/json").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        articles.MapPost("/{id:int}/unpublish", UnpublishAsync).WithName("AdminUnpublishArticle")
            .WithSummary("Take off the site").ProducesProblem(404).ProducesProblem(409);
        articles.MapDelete("/{id:int}", DeleteAsync).WithName("AdminDeleteArticle")
            .WithSummary("Delete for good").WithDescription("Editors and Administrators any article; Authors and Contributors their own drafts only. Revisions, corrections and comments go with it.")
            .ProducesProblem(404);
    }

    private static async Task<Ok<AdminArticleList>> ListAsync(HttpContext http, BroadsheetDb db, AdminArticleMapper mapper, string? status, int? page, CancellationToken cancellationToken)
    {
        var member = http.Member();
        var query = Visible(db.Articles.AsNoTracking(), member);
        if (ParseStatus(status) is { } wanted)
        {
            query = query.Where(a => a.Status == wanted);
        }

        var number = Math.Max(1, page ?? 1);
        var rows = await query.Include(a => a.Tags).Include(a => a.Bylines).AsSplitQuery()
            .OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
            .Skip((number - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AdminArticleList(rows.Take(PageSize).Select(mapper.Map).ToList(), number, PageSize, rows.Count > PageSize));
    }

    private static async Task<Results<Ok<AdminArticle>, ProblemHttpResult>> GetAsync(int id, HttpContext http, ArticleEditing editing, AdminArticleMapper mapper, CancellationToken cancellationToken)
    {
        var article = await editing.FindAsync(id, cancellationToken);
        return article is null || !MaySee(http.Member(), article) ? NotFound() : TypedResults.Ok(mapper.Map(article));
    }

    private static async Task<Results<Created<AdminArticle>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ArticleRequest request, HttpContext http, ArticleEditing editing, AdminArticleMapper mapper, CancellationToken cancellationToken)
    {
        var result = await SaveAsync(null, ToInput(request, null), http.Member(), EditorAction.SaveDraft, editing, cancellationToken);
        if (result.Article is not { } article)
        {
            return FieldProblem(result) is { } invalid ? invalid : Refusal(result);
        }

        var body = mapper.Map(article);
        return TypedResults.Created(mapper.ApiUrl(article.Id), body);
    }

    private static async Task<Results<Ok<AdminArticle>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, ArticleRequest request, HttpContext http, ArticleEditing editing, AdminArticleMapper mapper, CancellationToken cancellationToken)
    {
        var member = http.Member();
        var article = await editing.FindAsync(id, cancellationToken);
        if (article is null || !MaySee(member, article))
        {
            return NotFound();
        }

        // Saving keeps the article where it is in the workflow, as the editor's matching button does.
        var action = article.Status switch
        {
            ArticleStatus.Published or ArticleStatus.Scheduled => EditorAction.Publish,
            ArticleStatus.PendingReview => EditorAction.SubmitForReview,
            _ => EditorAction.SaveDraft,
        };
        return await ApplyAsync(article, ToInput(request, article, mapper.Calendar), member, action, editing, mapper, cancellationToken);
    }

    private static async Task<Results<Ok<AdminArticle>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        int id, HttpContext http, ArticleEditing editing, AdminArticleMapper mapper, CancellationToken cancellationToken)
    {
        var member = http.Member();
        var article = await editing.FindAsync(id, cancellationToken);
        if (article is null || !MaySee(member, article))
        {
            return NotFound();
        }

        var input = mapper.InputFrom(article);
        // "Now", unless it is already live, when it keeps its date.
        input.PublishAt = article.Status is ArticleStatus.Published ? input.PublishAt : null;
        return await ApplyAsync(article, input, member, EditorAction.Publish, editing, mapper, cancellationToken);
    }

    private static async Task<Results<Ok<AdminArticle>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(
        int id, ScheduleRequest request, HttpContext http, ArticleEditing editing, AdminArticleMapper mapper, TimeProvider time, CancellationToken cancellationToken)
    {
        var member = http.Member();
        var article = await editing.FindAsync(id, cancellationToken);
        if (article is null || !MaySee(member, article))
        {
            return NotFound();
        }

        if (request.PublishAt is not { } when || when <= time.GetUtcNow())
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["publishAt"] = ["Choose a publication time in the future."] });
        }

        var input = mapper.InputFrom(article);
        input.PublishAt = mapper.Calendar.ToLocal(when.UtcDateTime);
        return await ApplyAsync(article, input, member, EditorAction.Publish, editing, mapper, cancellationToken);
    }

    private static async Task<Results<Ok<AdminArticle>, ValidationProblem, ProblemHttpResult>> UnpublishAsync(
        int id, HttpContext http, ArticleEditing editing, AdminArticleMapper mapper, CancellationToken cancellationToken)
    {
        var member = http.Member();
        var article = await editing.FindAsync(id, cancellationToken);
        if (article is null || !MaySee(member, article))
        {
            return NotFound();
        }

        if (article.Status is not (ArticleStatus.Published or ArticleStatus.Scheduled))
        {
            return TypedResults.Problem(statusCode: 409, title: "Not published", detail: "The article is not published.");
        }

        return await ApplyAsync(article, mapper.InputFrom(article), member, EditorAction.Unpublish, editing, mapper, cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, HttpContext http, ArticleDeletion deletion, ArticleEditing editing, CancellationToken cancellationToken)
    {
        var member = http.Member();
        var article = await editing.FindAsync(id, cancellationToken);
        if (article is null || !MaySee(member, article))
        {
            return NotFound();
        }

        return await deletion.DeleteAsync(article, member, cancellationToken) is { } refusal
            ? TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: refusal)
            : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AdminArticle>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        Article article, ArticleInput input, NewsroomMember member, EditorAction action, ArticleEditing editing, AdminArticleMapper mapper, CancellationToken cancellationToken)
    {
        var result = await SaveAsync(article, input, member, action, editing, cancellationToken);
        if (result.Article is { } saved)
        {
            return TypedResults.Ok(mapper.Map(saved));
        }

        if (result.SavedMeanwhileAt is not null)
        {
            return TypedResults.Problem(statusCode: 409, title: "Conflict",
                detail: "Another change to the article was saved while this one was being made, and nothing of this one was saved. Read the article again and send the change.");
        }

        return FieldProblem(result) is { } invalid ? invalid : Refusal(result);
    }

    /// <summary>The form's own checks (required, lengths) first, as the page's model validation runs them, then the editor's.</summary>
    private static async Task<EditorResult> SaveAsync(Article? article, ArticleInput input, NewsroomMember member, EditorAction action, ArticleEditing editing, CancellationToken cancellationToken)
    {
        var annotations = new List<ValidationResult>();
        if (!Validator.TryValidateObject(input, new ValidationContext(input), annotations, validateAllProperties: true))
        {
            return EditorResult.Failed(annotations.SelectMany(r => r.MemberNames.DefaultIfEmpty(""), (r, field) => new EditorError(field, r.ErrorMessage ?? "Not valid.")).ToList());
        }

        return await editing.SaveAsync(article, input, member, action, cancellationToken);
    }

    /// <summary>Field errors are a validation problem (400) naming each field.</summary>
    private static ValidationProblem? FieldProblem(EditorResult result)
    {
        var fields = result.Errors.Where(e => e.Field.Length > 0).ToList();
        return fields.Count == 0 ? null : TypedResults.ValidationProblem(
            fields.GroupBy(e => FieldName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: "The article was not saved. Correct the fields listed in errors and send it again.");
    }

    /// <summary>A refusal without a field is the workflow saying no (403), in the editor's words.</summary>
    private static ProblemHttpResult Refusal(EditorResult result) =>
        TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: string.Join(" ", result.Errors.Select(e => e.Message)));

    /// <summary>The editor's field names as the API's JSON spells them.</summary>
    private static string FieldName(string field) => field switch
    {
        "Image" => "imageId",
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no such article, or it is not yours to see.");

    private static IQueryable<Article> Visible(IQueryable<Article> articles, NewsroomMember member) => member.IsEditor
        ? articles
        : articles.Where(a => a.CreatedById == member.UserId || a.Bylines.Any(b => b.AuthorId == member.AuthorId));

    private static bool MaySee(NewsroomMember member, Article article) => member.IsEditor || ArticleEditing.Owns(member, article);

    private static ArticleStatus? ParseStatus(string? status) =>
        Enum.TryParse<ArticleStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;

    private static ArticleInput ToInput(ArticleRequest request, Article? existing, SiteCalendar? calendar = null) => new()
    {
        Headline = request.Headline,
        Slug = request.Slug,
        Standfirst = request.Standfirst,
        Body = request.Body,
        SectionId = request.SectionId,
        Tags = request.Tags is null ? null : string.Join(", ", request.Tags),
        AuthorIds = request.AuthorIds ?? [],
        Image = request.ImageId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ImageAlt = request.ImageAlt,
        ImageCaption = request.ImageCaption,
        ImageCredit = request.ImageCredit,
        // A live article keeps its publication time; the API changes it only through schedule.
        PublishAt = existing?.PublishedAt is { } published && calendar is not null ? calendar.ToLocal(published) : null,
        CommentsOpen = request.CommentsOpen ?? true,
        EmailSubscribers = request.EmailSubscribers ?? true,
    };
}
