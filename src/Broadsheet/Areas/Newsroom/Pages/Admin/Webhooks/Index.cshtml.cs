using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Areas.Newsroom.Pages.Admin.Webhooks;

/// <summary>The site's webhook endpoints, and the form that adds one (its secret is shown once, on the answer to that form).</summary>
public sealed class IndexModel(BroadsheetDb db, AuditLog audit, TimeProvider time, SiteCalendar calendar, IOptions<WebhookOptions> options) : NewsroomPage
{
    [BindProperty]
    public WebhookInput Input { get; set; } = new();

    public sealed record Row(int Id, string Url, string? Description, WebhookEvents Events, bool Enabled, DateTime? FailingSince, string? DisabledReason, int Pending, int Failed);

    public IReadOnlyList<Row> Endpoints { get; private set; } = [];

    /// <summary>Set only on the answer to the create form: the one time the secret is shown.</summary>
    public string? NewSecret { get; private set; }

    public int? NewId { get; private set; }
    public SiteCalendar Calendar => calendar;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        await Input.CheckAsync(ModelState, options.Value.AllowPrivateTargets, cancellationToken);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var endpoint = new WebhookEndpoint
        {
            Url = Input.Url!.Trim(),
            Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim(),
            Events = Input.Flags,
            Secret = WebhookSignature.NewSecret(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("Added a webhook endpoint", endpoint.Url, cancellationToken);

        // No redirect: the secret is never stored anywhere it could be shown again (not even a cookie).
        NewSecret = endpoint.Secret;
        NewId = endpoint.Id;
        Input = new WebhookInput();
        ModelState.Clear();
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Title = "Webhooks";
        Endpoints = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new Row(e.Id, e.Url, e.Description, e.Events, e.Enabled, e.FailingSince, e.DisabledReason,
                db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.Status == WebhookDeliveryStatus.Pending),
                db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.Status == WebhookDeliveryStatus.Failed)))
            .ToListAsync(HttpContext.RequestAborted);
    }
}
