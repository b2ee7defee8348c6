using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Mail;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Subscribers;

/// <summary>
/// The outbox: what is waiting to go, what went, what failed with the mail server's answer, and what was
/// cancelled; newest first. Failed messages can be sent again, one or all at once.
/// </summary>
public sealed class OutboxModel(BroadsheetDb db, Outbox outbox, SiteCalendar calendar, AuditLog audit, TimeProvider time) : NewsroomPage
{
    public const int PageSize = 50;

    public sealed record Row(
        long Id, MailKind Kind, string ToAddress, string Subject, OutboxStatus Status, int Attempts,
        DateTime CreatedAt, DateTime NextAttemptAt, DateTime? SentAt, string? LastError);

    public static readonly string[] Views = ["all", "queued", "sent", "failed", "cancelled"];

    /// <summary>all, queued, sent, failed or cancelled.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string View { get; set; } = "all";

    /// <summary>A <see cref="MailKind"/> name, or empty for every kind.</summary>
    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? KindName { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public bool HasNext { get; private set; }
    public SiteCalendar Calendar => calendar;
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    private MailKind? Kind => Enum.TryParse<MailKind>(KindName, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;

    private static OutboxStatus? StatusOf(string view) => Enum.TryParse<OutboxStatus>(view, ignoreCase: true, out var status) ? status : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Views.Contains(View) || (!string.IsNullOrEmpty(KindName) && Kind is null))
        {
            return NotFound();
        }

        Title = "Outbox";
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000);
        var ofKind = OfKind(db.Outbox.AsNoTracking());
        var byStatus = await ofKind.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var counts = Views.ToDictionary(v => v, _ => 0);
        foreach (var group in byStatus)
        {
            counts[group.Key.ToString().ToLowerInvariant()] = group.Count;
            counts["all"] += group.Count;
        }

        Counts = counts;
        var status = StatusOf(View);
        var rows = await ofKind.Where(m => status == null || m.Status == status).OrderByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(m => new Row(m.Id, m.Kind, m.ToAddress, m.Subject, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError))
            .ToListAsync(cancellationToken);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        var message = await db.Outbox.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.ToAddress, m.Subject, m.Status }).FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return NotFound();
        }

        var retried = await Requeue(db.Outbox.Where(m => m.Id == id), cancellationToken);
        if (retried == 0)
        {
            Flash = $"The message to {message.ToAddress} has not failed (it is {message.Status.ToString().ToLowerInvariant()}), so there is nothing to retry.";
            return Redirect(Link(View, KindName, PageNumber));
        }

        await audit.RecordAsync("Retried mail", $"{message.ToAddress}: {message.Subject}", cancellationToken);
        outbox.Wake();
        Flash = $"The message to {message.ToAddress} is queued again and goes out shortly.";
        return Redirect(Link(View, KindName, PageNumber));
    }

    public async Task<IActionResult> OnPostRetryAllAsync(CancellationToken cancellationToken)
    {
        var retried = await Requeue(OfKind(db.Outbox), cancellationToken);
        if (retried > 0)
        {
            await audit.RecordAsync("Retried all failed mail", $"{retried} message{(retried == 1 ? "" : "s")}{(Kind is { } kind ? $" ({kind})" : "")}", cancellationToken);
            outbox.Wake();
        }

        Flash = retried switch
        {
            0 => "No failed messages to retry.",
            1 => "1 failed message is queued again and goes out shortly.",
            _ => $"{retried} failed messages are queued again and go out shortly.",
        };
        return Redirect(Link(View, KindName));
    }

    public string Link(string view, string? kind, int page = 1)
    {
        var query = new List<string>();
        if (view != "all")
        {
            query.Add("status=" + Uri.EscapeDataString(view));
        }

        if (!string.IsNullOrEmpty(kind))
        {
            query.Add("kind=" + Uri.EscapeDataString(kind));
        }

        if (page > 1)
        {
            query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return "/newsroom/outbox" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }

    private IQueryable<OutboxMessage> OfKind(IQueryable<OutboxMessage> messages) => Kind is { } kind ? messages.Where(m => m.Kind == kind) : messages;

    /// <summary>Failed messages go back to the queue as if new: due now, with their attempts counted afresh.</summary>
    private Task<int> Requeue(IQueryable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return messages.Where(m => m.Status == OutboxStatus.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Queued).SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.Attempts, 0)
            .SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.ClaimToken, (string?)null).SetProperty(m => m.ClaimedBy, (string?)null),
            cancellationToken);
    }
}
