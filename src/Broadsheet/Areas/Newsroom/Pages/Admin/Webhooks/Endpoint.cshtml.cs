using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Areas.Newsroom.Pages.Admin.Webhooks;

/// <summary>One endpoint: edit it, rotate its secret, switch it on or off, delete it, send a test, and its delivery log with "Redeliver".</summary>
public sealed class EndpointModel(BroadsheetDb db, AuditLog audit, TimeProvider time, SiteCalendar calendar, WebhookOutbox outbox, IOptions<WebhookOptions> options) : NewsroomPage
{
    public const int LogSize = 50;

    [BindProperty]
    public WebhookInput Input { get; set; } = new();

    public WebhookEndpoint Endpoint { get; private set; } = null!;
    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    /// <summary>Set only on the answer to "Rotate secret".</summary>
    public string? NewSecret { get; private set; }

    public SiteCalendar Calendar => calendar;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Input = WebhookInput.From(Endpoint);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var endpoint = await db.WebhookEndpoints.FindAsync([id], cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        await Input.CheckAsync(ModelState, options.Value.AllowPrivateTargets, cancellationToken);
        if (!ModelState.IsValid)
        {
            await LoadAsync(id);
            return Page();
        }

        endpoint.Url = Input.Url!.Trim();
        endpoint.Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim();
        endpoint.Events = Input.Flags;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("Changed a webhook endpoint", endpoint.Url, cancellationToken);
        Flash = "Endpoint saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRotateAsync(int id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var endpoint = await db.WebhookEndpoints.FindAsync([id], cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        // Deliveries already waiting are signed when sent, so they carry the new secret too.
        endpoint.Secret = WebhookSignature.NewSecret();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("Rotated a webhook secret", endpoint.Url, cancellationToken);
        NewSecret = endpoint.Secret;
        ModelState.Clear();
        await LoadAsync(id);
        Input = WebhookInput.From(Endpoint);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(int id, bool enabled)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var endpoint = await db.WebhookEndpoints.FindAsync([id], cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        endpoint.Enabled = enabled;
        endpoint.FailingSince = null;
        endpoint.DisabledAt = enabled ? null : time.GetUtcNow().UtcDateTime;
        endpoint.DisabledReason = enabled ? null : $"Disabled by {Member.Name}.";
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(enabled ? "Enabled a webhook endpoint" : "Disabled a webhook endpoint", endpoint.Url, cancellationToken);
        Flash = enabled ? "Endpoint enabled." : "Endpoint disabled: new events are not queued for it, and waiting ones are not sent.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var endpoint = await db.WebhookEndpoints.FindAsync([id], cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("Deleted a webhook endpoint", endpoint.Url, cancellationToken);
        Flash = "Endpoint deleted, with its delivery log.";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostTestAsync(int id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var endpoint = await db.WebhookEndpoints.FindAsync([id], cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        if (!endpoint.Enabled)
        {
            Flash = "Enable the endpoint first: a disabled endpoint is sent nothing.";
            return RedirectToPage(new { id });
        }

        outbox.Test(db, endpoint);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Wake();
        Flash = "Test event queued; it appears in the log below.";
        return RedirectToPage(new { id });
    }

    /// <summary>Sends the same message (same webhook-id and body, so a receiver can recognise a repeat) once more, now.</summary>
    public async Task<IActionResult> OnPostRedeliverAsync(int id, long delivery)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound();
        }

        if (!endpoint.Enabled)
        {
            Flash = "Enable the endpoint first: a disabled endpoint is sent nothing.";
            return RedirectToPage(new { id });
        }

        var now = time.GetUtcNow().UtcDateTime;
        var queued = await db.WebhookDeliveries.Where(d => d.Id == delivery && d.EndpointId == id && (d.LockedUntil == null || d.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.Attempts, 0).SetProperty(d => d.ClaimToken, (string?)null).SetProperty(d => d.LockedUntil, (DateTime?)null), cancellationToken);
        if (queued == 0)
        {
            Flash = "That delivery is being sent right now, or no longer exists.";
            return RedirectToPage(new { id });
        }

        outbox.Wake();
        await audit.RecordAsync("Redelivered a webhook", $"#{delivery} to {endpoint.Url}", cancellationToken);
        Flash = "Delivery queued again.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, HttpContext.RequestAborted);
        if (endpoint is null)
        {
            return false;
        }

        Endpoint = endpoint;
        Title = "Webhook endpoint";
        Deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(LogSize)
            .Include(d => d.AttemptLog.OrderBy(a => a.AttemptedAt))
            .AsSplitQuery()
            .ToListAsync(HttpContext.RequestAborted);
        return true;
    }

    public string When(DateTime utc) => calendar.ToLocal(utc).ToString("g", calendar.Culture);
}
