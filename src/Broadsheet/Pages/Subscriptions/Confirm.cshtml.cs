using Broadsheet.Data;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Pages.Subscriptions;

/// <summary>
/// The confirmation link in the email. Opening it only shows a button: mail scanners open every link in a message,
/// and a subscription must be confirmed by the person, so only the button's POST confirms (and spends the link).
/// </summary>
public sealed class ConfirmModel(BroadsheetDb db, SubscriptionLinks links, SubscriberChanges changes) : SitePage
{
    public enum View
    {
        Ready,
        Invalid,
        Expired,
        Used,
    }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public View State { get; private set; }
    public string Email { get; private set; } = "";
    public string? Wanted { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (link, subscriber) = await ReadAsync(cancellationToken);
        if (link is not null && subscriber is not null && State == View.Ready)
        {
            Email = subscriber.Email;
            Wanted = await DescribeAsync(link, cancellationToken);
        }

        return Show();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (link, subscriber) = await ReadAsync(cancellationToken);
        if (link is null || subscriber is null || State != View.Ready)
        {
            return Show();
        }

        switch (await changes.ConfirmAsync(link, cancellationToken))
        {
            case ConfirmOutcome.Confirmed:
                return Redirect(changes.PreferencesPath(subscriber) + "&done=confirmed");
            case ConfirmOutcome.AlreadyUsed:
                State = View.Used;
                return Show();
            default:
                State = View.Invalid;
                return Show();
        }
    }

    private async Task<(ConfirmationLink? Link, Subscriber? Subscriber)> ReadAsync(CancellationToken cancellationToken)
    {
        var (state, link) = links.ReadConfirmation(Token);
        var subscriber = link is null ? null : await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == link.SubscriberId, cancellationToken);
        if (link is null || subscriber is null || subscriber.LinkKey != link.LinkKey)
        {
            // Forged, altered, or for an address deleted since.
            State = View.Invalid;
            return (null, null);
        }

        State = await changes.IsSpentAsync(link.Nonce, cancellationToken) ? View.Used
            : state == LinkState.Expired ? View.Expired
            : View.Ready;
        return (link, subscriber);
    }

    private async Task<string?> DescribeAsync(ConfirmationLink link, CancellationToken cancellationToken)
    {
        if (link.Frequency is not { } frequency)
        {
            return null;
        }

        var ids = link.SectionIds.ToList();
        var names = await db.Sections.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => s.Name).ToListAsync(cancellationToken);
        return names.Count == 0 ? SubscribeInput.Describe(frequency) : $"{SubscribeInput.Describe(frequency)}: {string.Join(", ", names)}";
    }

    private PageResult Show()
    {
        Meta.Title = State switch
        {
            View.Ready => "Confirm your subscription",
            View.Used => "This link was already used",
            View.Expired => "This link has expired",
            _ => "This link is not valid",
        };
        Meta.CanonicalPath = "/subscribe";
        Meta.NoIndex = true;
        Response.StatusCode = State switch
        {
            View.Ready or View.Used => StatusCodes.Status200OK,
            View.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }
}
