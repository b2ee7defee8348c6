using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Spam;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Pages.Subscriptions;

/// <summary>
/// The subscribe form. With JavaScript the page solves the same proof-of-work challenge as the comment form and
/// the post goes straight through; without it the reader gets a confirming step (a signed, timed form with a
/// honeypot) to send back. Either way the answer is the same "check your inbox", whoever the address belongs to.
/// </summary>
/// <remarks>
/// Antiforgery is checked by hand: a lapsed token shows the form again with what the reader typed, not a bare 400.
/// </remarks>
[IgnoreAntiforgeryToken]
public sealed class SubscribeModel(
    BroadsheetDb db, SubscriptionRequests requests, SubscriptionRateLimits limits, SubscribeStamps stamps, AltchaChallenges challenges,
    IAntiforgery antiforgery, SiteSettingsStore settings) : SitePage
{
    /// <summary>A person reads the confirming step before pressing its button; a robot posts it back at once.</summary>
    public static readonly TimeSpan MinimumConfirmTime = TimeSpan.FromSeconds(1);

    [BindProperty]
    public SubscribeInput Input { get; set; } = new();

    public IReadOnlyList<SectionChoice> AllSections { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public string? Message { get; private set; }

    /// <summary>The second step for a reader without JavaScript.</summary>
    public bool Confirming { get; private set; }

    public string ChallengeJson { get; private set; } = "";
    public string SiteTitle => settings.Title;

    public string? Error(string field) => Errors.TryGetValue(field, out var message) ? message : null;

    public SubscriptionChoicesView Choices => new(AllSections, Input.Sections, Input.Frequency, Errors, OfferNone: false);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        AllSections = await SubscriptionChoicesView.LoadSectionsAsync(db, cancellationToken);
        Input.Sections = AllSections.Select(s => s.Id).ToList();
        return Show(null, StatusCodes.Status200OK);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await CheckAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrEmpty(Input.Altcha))
        {
            // No script ran: ask once more, on a page a robot must read and send back.
            Confirming = true;
            Input.Stamp = stamps.Issue(Input.NormalizedEmail);
            return Show(null, StatusCodes.Status200OK);
        }

        var challenge = challenges.Verify(Input.Altcha);
        Input.Altcha = null;
        if (challenge.Verdict == AltchaVerdict.Expired)
        {
            // The page comes back with a fresh check already running, so no reload is needed.
            return Show("The verification period has expired. Please press Subscribe again: what you entered is still here.", StatusCodes.Status400BadRequest);
        }

        if (!challenge.IsValid)
        {
            return Show("The anti-spam check did not pass. Please press Subscribe again: what you entered is still here.", StatusCodes.Status400BadRequest);
        }

        if (await limits.TryAttemptAsync(CommentRateLimits.ClientKey(HttpContext), Input.NormalizedEmail, cancellationToken) is { } tooMany)
        {
            return Show(tooMany, StatusCodes.Status429TooManyRequests);
        }

        if (!await db.TrySpendAsync(challenge, cancellationToken))
        {
            return Show("This anti-spam check was already used. Please press Subscribe again: what you entered is still here.", StatusCodes.Status400BadRequest);
        }

        return await SubscribeAsync(cancellationToken);
    }

    /// <summary>The confirming step sent back by a reader without JavaScript.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        if (await CheckAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var age = stamps.Age(Input.Stamp, Input.NormalizedEmail);
        if (age is null || age < MinimumConfirmTime)
        {
            // Lapsed, or pressed faster than a page can be read: the same step again, fresh.
            Confirming = true;
            Input.Stamp = stamps.Issue(Input.NormalizedEmail);
            return Show("Please press Confirm to subscribe.", StatusCodes.Status200OK);
        }

        if (await limits.TryAttemptAsync(CommentRateLimits.ClientKey(HttpContext), Input.NormalizedEmail, cancellationToken) is { } tooMany)
        {
            Confirming = true;
            return Show(tooMany, StatusCodes.Status429TooManyRequests);
        }

        if (!string.IsNullOrEmpty(Input.Trap))
        {
            // Only robots fill the hidden field; they get the usual answer and nobody gets mail.
            return Redirect("/subscribe/sent");
        }

        return await SubscribeAsync(cancellationToken);
    }

    /// <summary>"Change my choices" on the confirming step: the form again, as the reader filled it in.</summary>
    public async Task<IActionResult> OnPostEditAsync(CancellationToken cancellationToken)
    {
        AllSections = await SubscriptionChoicesView.LoadSectionsAsync(db, cancellationToken);
        Input.Validate(AllSections.Select(s => s.Id).ToList());
        return Show(null, StatusCodes.Status200OK);
    }

    /// <summary>The checks every post gets: the form parses and is filled in, and carries a valid antiforgery token.</summary>
    private async Task<IActionResult?> CheckAsync(CancellationToken cancellationToken)
    {
        AllSections = await SubscriptionChoicesView.LoadSectionsAsync(db, cancellationToken);
        var errors = Input.Validate(AllSections.Select(s => s.Id).ToList());
        if (ModelState.TryGetValue("Input.Frequency", out var frequency) && frequency.Errors.Count > 0)
        {
            errors[nameof(SubscribeInput.Frequency)] = SubscribeInput.BadFrequency;
        }

        if (errors.Count > 0)
        {
            Errors = errors;
            Input.Altcha = null;
            return Show("Please fix the fields marked below.", StatusCodes.Status400BadRequest);
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            Input.Altcha = null;
            return Show("Please press Subscribe again: what you entered is still here.", StatusCodes.Status200OK);
        }

        return null;
    }

    private async Task<IActionResult> SubscribeAsync(CancellationToken cancellationToken)
    {
        var chosen = AllSections.Where(s => Input.Sections.Contains(s.Id)).Select(s => (s.Id, s.Name)).ToList();
        await requests.RequestAsync(Input.Email!, new SubscriptionRequests.Choices(Input.Frequency, chosen, chosen.Count == AllSections.Count), cancellationToken);
        return Redirect("/subscribe/sent");
    }

    private PageResult Show(string? message, int status)
    {
        Message = message;
        if (!Confirming)
        {
            ChallengeJson = challenges.Create().ToJson();
        }

        Meta.Title = Confirming ? $"Confirm your subscription to {settings.Title}" : "Subscribe";
        Meta.Description = $"Get new articles from {settings.Title} by email: as they are published, or in a daily or weekly digest.";
        Meta.CanonicalPath = "/subscribe";
        Meta.NoIndex = true;
        Response.StatusCode = status;
        return Page();
    }
}
