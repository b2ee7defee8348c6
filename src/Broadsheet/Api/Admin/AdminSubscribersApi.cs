using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Admin;

/// <summary>Subscribers through the API: a paged list and the newsroom's CSV export, policy Desk.</summary>
public static class AdminSubscribersApi
{
    public const int PageSize = 100;

    public static void MapAdminSubscribers(this RouteGroupBuilder admin)
    {
        var subscribers = admin.MapGroup("/subscribers").RequireToken(NewsroomPolicies.Desk);
        subscribers.MapGet("/", ListAsync).WithName("AdminListSubscribers")
            .WithSummary("List subscribers")
            .WithDescription("Optional status (pending, confirmed, unsubscribed, bouncing) and search (part of the address); 100 a page, oldest first.")
            .ProducesValidationProblem();
        subscribers.MapGet("/export", ExportAsync).WithName("AdminExportSubscribers")
            .WithSummary("Export subscribers as CSV")
            .WithDescription("The newsroom export's columns (email, status, frequency, sections, consented_at, consent_source, created_at); recorded in the audit log.")
            .Produces(200, contentType: "text/csv")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Ok<AdminSubscriberList>, ValidationProblem>> ListAsync(BroadsheetDb db, string? status, string? search, int? page, CancellationToken cancellationToken)
    {
        if (!TryStatus(status, out var wanted, out var problem))
        {
            return problem!;
        }

        var number = Math.Max(1, page ?? 1);
        var query = db.Subscribers.AsNoTracking().Matching(search, wanted);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(s => s.Id).Skip((number - 1) * PageSize).Take(PageSize + 1)
            .Select(s => new { s.Id, s.Email, s.Status, s.Frequency, s.Paused, Sections = s.Sections.Select(x => x.SectionId).ToList(), s.CreatedAt, s.ConsentedAt, s.ConsentSource, s.UnsubscribedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Take(PageSize).Select(s => new AdminSubscriber(s.Id, s.Email, s.Status.Name(), s.Frequency.Name(), s.Paused, s.Sections,
            AdminArticleMapper.Utc(s.CreatedAt), AdminArticleMapper.Utc(s.ConsentedAt), s.ConsentSource, AdminArticleMapper.Utc(s.UnsubscribedAt))).ToList();
        return TypedResults.Ok(new AdminSubscriberList(items, number, PageSize, total, rows.Count > PageSize));
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> ExportAsync(
        HttpContext http, BroadsheetDb db, SubscriberExport export, AuditLog audit, string? status, string? search, CancellationToken cancellationToken)
    {
        if (!TryStatus(status, out var wanted, out var problem))
        {
            return problem!;
        }

        var matching = await db.Subscribers.Matching(search, wanted).CountAsync(cancellationToken);
        await audit.RecordAsync("Exported subscribers (API)", $"{matching} subscriber{(matching == 1 ? "" : "s")}{(wanted is { } s ? $" ({s.Name()})" : "")}", cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"subscribers{(wanted is { } w ? "-" + w.Name() : "")}.csv\"";
        await export.WriteAsync(http.Response.Body, search, wanted, cancellationToken);
        return TypedResults.Empty;
    }

    private static bool TryStatus(string? status, out SubscriberStatus? wanted, out ValidationProblem? problem)
    {
        wanted = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(status) || status == "all")
        {
            return true;
        }

        wanted = SubscriberQueries.ParseStatus(status);
        if (wanted is null)
        {
            problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Choose pending, confirmed, unsubscribed or bouncing."] });
            return false;
        }

        return true;
    }
}
