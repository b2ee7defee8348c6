using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Pages.Subscriptions;

/// <summary>
/// The List-Unsubscribe link. A GET only shows a button (mail scanners open links); a POST unsubscribes at once,
/// whether it comes from that button or from a mail program's one-click request (RFC 8058: body
/// <c>List-Unsubscribe=One-Click</c>, no cookies, no page).
/// </summary>
/// <remarks>
/// No antiforgery token: a one-click request cannot carry one, and the signed link itself is the proof. The POST
/// answers 200 with the page rather than redirecting, because one-click senders expect a 2xx; it is idempotent.
/// </remarks>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(SubscriptionLinks links, SubscriberChanges changes, SiteSettingsStore settings) : SitePage
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public Subscriber? Subscriber { get; private set; }
    public bool Unsubscribed { get; private set; }
    public string SiteTitle => settings.Title;
    public string PreferencesPath => Subscriber is null ? "/subscribe" : links.PreferencesPath(Subscriber);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Subscriber = await changes.FindAsync(links.ReadUnsubscribe(Token), cancellationToken);
        Unsubscribed = Subscriber?.Status == SubscriberStatus.Unsubscribed;
        return Show();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Subscriber = await changes.FindAsync(links.ReadUnsubscribe(Token), cancellationToken);
        if (Subscriber is not null)
        {
            await changes.UnsubscribeAsync(Subscriber, cancellationToken);
            Unsubscribed = true;
        }

        return Show();
    }

    private PageResult Show()
    {
        Meta.Title = Subscriber is null ? "This link is not valid" : Unsubscribed ? "You are unsubscribed" : "Unsubscribe";
        Meta.CanonicalPath = "/subscribe";
        Meta.NoIndex = true;
        Response.StatusCode = Subscriber is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        return Page();
    }
}
