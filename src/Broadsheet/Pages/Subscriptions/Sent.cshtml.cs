using Broadsheet.Subscriptions;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages.Subscriptions;

/// <summary>
/// The one answer to every subscribe request, for an unknown, a pending and a confirmed address alike, so the form
/// tells nobody who subscribes.
/// </summary>
public sealed class SentModel(IOptions<SubscriptionOptions> options) : SitePage
{
    public int Hours => (int)Math.Round(options.Value.ConfirmationLinkLifetime.TotalHours);

    public void OnGet()
    {
        Meta.Title = "Check your inbox";
        Meta.CanonicalPath = "/subscribe";
        Meta.NoIndex = true;
    }
}
