using System.ComponentModel.DataAnnotations;
using Broadsheet.Webhooks;

namespace Broadsheet.Areas.Newsroom.Pages.Admin.Webhooks;

/// <summary>The endpoint form: where to send, a note, and which events.</summary>
public sealed class WebhookInput
{
    [Display(Name = "Endpoint URL")]
    public string? Url { get; set; }

    [StringLength(500, ErrorMessage = "The description can be at most 500 characters long.")]
    public string? Description { get; set; }

    public List<string> Events { get; set; } = [];

    public WebhookEvents Flags => WebhookEventTypes.All.Where(e => Events.Contains(e.Type)).Aggregate(WebhookEvents.None, (all, e) => all | e.Flag);

    public static WebhookInput From(WebhookEndpoint endpoint) => new()
    {
        Url = endpoint.Url,
        Description = endpoint.Description,
        Events = WebhookEventTypes.All.Where(e => endpoint.Events.HasFlag(e.Flag)).Select(e => e.Type).ToList(),
    };

    /// <summary>Adds the problems with the input to <paramref name="errors"/>, keyed by field; the URL check resolves its name.</summary>
    public async Task CheckAsync(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary errors, bool allowPrivate, CancellationToken cancellationToken)
    {
        if (await WebhookTargets.CheckUrlAsync(Url, allowPrivate, resolve: true, cancellationToken) is { } problem)
        {
            errors.AddModelError("Input.Url", problem);
        }

        if (Flags == WebhookEvents.None)
        {
            errors.AddModelError("Input.Events", "Choose at least one event.");
        }
    }
}
