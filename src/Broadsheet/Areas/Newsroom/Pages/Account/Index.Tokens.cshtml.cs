using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Api.Tokens;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Account;

/// <summary>
/// The "API tokens" section: a member makes tokens for themselves, sees the secret once, and revokes them.
/// Administrators also see and may revoke everyone's tokens (to shut out a leaked one at once), but never make one
/// for someone else: a token acts as its owner, and only the owner (or the command line) creates it.
/// </summary>
public sealed partial class AccountModel
{
    public static readonly int[] ExpiryChoices = [30, 90, 365];

    [BindProperty]
    public TokenInput NewToken { get; set; } = new();

    /// <summary>The secret of the token just made: shown in this answer only, never stored.</summary>
    public CreatedApiToken? CreatedToken { get; private set; }

    public IReadOnlyList<ApiTokenSummary> Tokens { get; private set; } = [];
    public bool SeesEveryonesTokens => Member.Role == NewsroomRoles.Administrator;
    public DateTime Now => time.GetUtcNow().UtcDateTime;
    public SiteCalendar Calendar => calendar;

    public async Task<IActionResult> OnPostCreateTokenAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ValidateOnly("NewToken.");
        var expires = ExpiryOf(NewToken);
        if (expires is null)
        {
            ModelState.AddModelError("NewToken.ExpiresOn", "Choose a date for the token to expire.");
        }
        else if (apiTokens.Check(NewToken.Name, expires.Value, out var field) is { } problem)
        {
            ModelState.AddModelError(field == "Name" ? "NewToken.Name" : NewToken.Expiry == "date" ? "NewToken.ExpiresOn" : "NewToken.Expiry", problem);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        // Shown in this answer rather than after a redirect: the secret must not sit in a cookie.
        CreatedToken = await apiTokens.CreateAsync(user, NewToken.Name!, expires!.Value, "", HttpContext.RequestAborted);
        NewToken = new TokenInput();
        ModelState.Clear();
        await LoadAsync(user);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(int tokenId)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var revoked = await apiTokens.RevokeAsync(tokenId, SeesEveryonesTokens ? null : user.Id, "", HttpContext.RequestAborted);
        if (!revoked)
        {
            return NotFound();
        }

        Flash = "The token was revoked: it no longer works.";
        return RedirectToPage(null, null, "tokens-heading");
    }

    private async Task LoadTokensAsync(NewsroomUser user) =>
        Tokens = await apiTokens.ListAsync(SeesEveryonesTokens ? null : user.Id, HttpContext.RequestAborted);

    /// <summary>The expiry the form asks for, in UTC: a number of days from now, or the end of a chosen day in the site's time zone.</summary>
    private DateTime? ExpiryOf(TokenInput input)
    {
        if (input.Expiry == "date")
        {
            if (input.ExpiresOn is not { } day)
            {
                return null;
            }

            var endOfDay = DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(23, 59, 59)), DateTimeKind.Unspecified);
            return TimeZoneInfo.ConvertTimeToUtc(endOfDay, calendar.Zone);
        }

        var days = int.TryParse(input.Expiry, out var chosen) && ExpiryChoices.Contains(chosen) ? chosen : 90;
        return Now.AddDays(days);
    }
}

public sealed class TokenInput
{
    [Display(Name = "Name")]
    public string? Name { get; set; }

    /// <summary>"30", "90" or "365" days, or "date" for <see cref="ExpiresOn"/>.</summary>
    [Display(Name = "Expires")]
    public string Expiry { get; set; } = "90";

    [Display(Name = "Expiry date")]
    public DateOnly? ExpiresOn { get; set; }
}
