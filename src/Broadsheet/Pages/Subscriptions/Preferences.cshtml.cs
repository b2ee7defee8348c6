using System.Text.Json;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Pages.Subscriptions;

/// <summary>
/// A subscriber's own page, reached by the signed link in every email: sections and frequency, pause, the
/// discussions they follow, unsubscribe, and their data to download or delete. Every change is a POST with
/// antiforgery and the link's token.
/// </summary>
public sealed class PreferencesModel(BroadsheetDb db, SubscriptionLinks links, SubscriberChanges changes, SiteSettingsStore settings) : SitePage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public SubscribeInput Input { get; set; } = new();

    public Subscriber? Subscriber { get; private set; }
    public IReadOnlyList<SectionChoice> AllSections { get; private set; } = [];
    public IReadOnlyList<SubscriberChanges.FollowView> Follows { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public string? Done { get; private set; }
    public string SiteTitle => settings.Title;

    public SubscriptionChoicesView Choices => new(AllSections, Input.Sections, Input.Frequency, Errors, OfferNone: true);

    /// <summary>The form action for a handler, with the link's token.</summary>
    public string Action(string handler) => $"/subscription?token={Uri.EscapeDataString(Token ?? "")}&handler={handler}";

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Invalid();
        }

        Done = done switch
        {
            "confirmed" => "Thank you: your subscription is confirmed.",
            "saved" => "Your preferences are saved.",
            "paused" => "Your subscription is paused: we'll send nothing until you resume it.",
            "resumed" => "Your subscription is on again.",
            "unfollowed" => "You no longer follow that discussion.",
            "unsubscribed" => "You are unsubscribed: we'll send you nothing more.",
            _ => null,
        };
        Input.Frequency = Subscriber!.Frequency;
        Input.Sections = Subscriber.Sections.Select(s => s.SectionId).ToList();
        return Show(StatusCodes.Status200OK);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Invalid();
        }

        Input.Email = Subscriber!.Email;
        var errors = Input.Validate(AllSections.Select(s => s.Id).ToList());
        if (Input.Frequency == Frequency.None)
        {
            // Only discussions: no sections needed.
            errors.Remove(nameof(SubscribeInput.Frequency));
            errors.Remove(nameof(SubscribeInput.Sections));
        }

        if (ModelState.TryGetValue("Input.Frequency", out var frequency) && frequency.Errors.Count > 0)
        {
            errors[nameof(SubscribeInput.Frequency)] = SubscribeInput.BadFrequency;
        }

        if (errors.Count > 0)
        {
            Errors = errors;
            return Show(StatusCodes.Status400BadRequest);
        }

        await changes.SavePreferencesAsync(Subscriber, Input.Frequency, Input.Sections, cancellationToken);
        return Back("saved");
    }

    public async Task<IActionResult> OnPostPauseAsync(CancellationToken cancellationToken) => await SetPausedAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken) => await SetPausedAsync(false, cancellationToken);

    public async Task<IActionResult> OnPostStopAsync(int follow, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Invalid();
        }

        await changes.StopFollowingAsync(Subscriber!, follow, cancellationToken);
        return Back("unfollowed");
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Invalid();
        }

        await changes.UnsubscribeAsync(Subscriber!, cancellationToken);
        return Back("unsubscribed");
    }

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Invalid();
        }

        var data = await changes.ExportAsync(Subscriber!, cancellationToken);
        return File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json", "subscription-data.json");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Invalid();
        }

        await changes.DeleteAsync(Subscriber!, cancellationToken);
        return Redirect("/subscription/deleted");
    }

    private async Task<IActionResult> SetPausedAsync(bool paused, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Invalid();
        }

        await changes.SetPausedAsync(Subscriber!, paused, cancellationToken);
        return Back(paused ? "paused" : "resumed");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Subscriber = await changes.FindAsync(links.ReadPreferences(Token), cancellationToken);
        if (Subscriber is null)
        {
            return false;
        }

        AllSections = await SubscriptionChoicesView.LoadSectionsAsync(db, cancellationToken);
        Follows = await changes.FollowsAsync(Subscriber.Id, cancellationToken);
        return true;
    }

    private RedirectResult Back(string done) => Redirect($"/subscription?token={Uri.EscapeDataString(Token!)}&done={done}");

    private PageResult Invalid()
    {
        Subscriber = null;
        return Show(StatusCodes.Status400BadRequest);
    }

    private PageResult Show(int status)
    {
        Meta.Title = Subscriber is null ? "This link is not valid" : "Your subscription";
        Meta.CanonicalPath = "/subscribe";
        Meta.NoIndex = true;
        Response.StatusCode = status;
        return Page();
    }
}
