using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Api.Tokens;
using Broadsheet.Audit;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Account;

public sealed partial class AccountModel(UserManager<NewsroomUser> users, SignInManager<NewsroomUser> signIn, AuditLog audit, SiteSettingsStore settings, Data.BroadsheetDb db, PageCacheEviction eviction, ApiTokens apiTokens, TimeProvider time, SiteCalendar calendar) : NewsroomPage
{
    [BindProperty]
    public ProfileInput Profile { get; set; } = new();

    public bool HasAuthorProfile { get; private set; }

    [BindProperty]
    public PasswordChange Password { get; set; } = new();

    [BindProperty]
    [Display(Name = "Code from the app")]
    public string? Code { get; set; }

    public bool TwoFactorEnabled { get; private set; }
    public string? AuthenticatorKey { get; private set; }
    public string? AuthenticatorUri { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostProfileAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ValidateOnly("Profile.");

        var author = user.AuthorId is { } authorId ? await db.Authors.FindAsync([authorId], HttpContext.RequestAborted) : null;
        if (author is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user, keepProfile: true);
            return Page();
        }

        user.DisplayName = Profile.Name!.Trim();
        author.Name = user.DisplayName;
        author.JobTitle = string.IsNullOrWhiteSpace(Profile.JobTitle) ? null : Profile.JobTitle.Trim();
        author.Bio = string.IsNullOrWhiteSpace(Profile.Bio) ? null : Profile.Bio.Trim();
        await users.UpdateAsync(user); // saves the author too: same context
        await signIn.RefreshSignInAsync(user);
        // Bylines are on article pages, lists and feeds all over the site.
        await eviction.SiteChangedAsync(HttpContext.RequestAborted);
        await audit.RecordAsync("Changed public profile", user.DisplayName, HttpContext.RequestAborted);
        Flash = "Your public profile has been saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ValidateOnly("Password.");
        if (string.IsNullOrEmpty(Password.Current))
        {
            ModelState.AddModelError("Password.Current", "Enter your current password.");
        }

        if (string.IsNullOrEmpty(Password.New) || Password.New.Length < 10)
        {
            ModelState.AddModelError("Password.New", "Use at least 10 characters for the new password.");
        }

        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, Password.Current!, Password.New!);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                await audit.RecordAsync("Changed password", user.Email ?? "");
                Flash = "Your password has been changed.";
                return RedirectToPage();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Password.Current" : "Password.New",
                    error.Code == "PasswordMismatch" ? "The current password is not right." : error.Description);
            }
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableTwoFactorAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ValidateOnly(nameof(Code));

        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "That code is not right. Enter the six digits the app shows now.");
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync("Turned on two-step verification", user.Email ?? "");
        Flash = "Two-step verification is on.";
        return RedirectToPage();
    }

    /// <summary>Makes the authenticator key to add to the app. A POST: a new key signs other sessions out.</summary>
    public async Task<IActionResult> OnPostStartTwoFactorAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage(null, null, "tfa-heading");
    }

    public async Task<IActionResult> OnPostDisableTwoFactorAsync(string? confirmPassword)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // A session left open on a shared computer must not be enough to remove the second step.
        if (string.IsNullOrEmpty(confirmPassword) || !await users.CheckPasswordAsync(user, confirmPassword))
        {
            ValidateOnly("ConfirmPassword");
            ModelState.AddModelError("ConfirmPassword", "Enter your password to turn two-step verification off.");
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        // The old key is gone for good: setting up again makes a new one.
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await users.UpdateSecurityStampAsync(user);
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync("Turned off two-step verification", user.Email ?? "");
        Flash = "Two-step verification is off.";
        return RedirectToPage();
    }

    private async Task LoadAsync(NewsroomUser user, bool keepProfile = false)
    {
        Title = "Your account";
        var author = user.AuthorId is { } authorId ? await db.Authors.FindAsync([authorId], HttpContext.RequestAborted) : null;
        HasAuthorProfile = author is not null;
        if (author is not null && !keepProfile)
        {
            Profile = new ProfileInput { Name = author.Name, JobTitle = author.JobTitle, Bio = author.Bio };
        }

        await LoadTokensAsync(user);
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        if (!TwoFactorEnabled)
        {
            // Made only on request (a POST): creating a key changes the security stamp.
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                return;
            }

            AuthenticatorKey = key;
            AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString(settings.Title)}:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer={Uri.EscapeDataString(settings.Title)}&digits=6";
        }
    }
}

public sealed class ProfileInput
{
    [Required(ErrorMessage = "Enter the name to show in bylines.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    [Display(Name = "Name in bylines")]
    public string? Name { get; set; }

    [StringLength(200, ErrorMessage = "Keep the job title under 200 characters.")]
    [Display(Name = "Job title")]
    public string? JobTitle { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the biography under 2,000 characters.")]
    [Display(Name = "Short biography")]
    public string? Bio { get; set; }
}

public sealed class PasswordChange
{
    [Display(Name = "Current password")]
    public string? Current { get; set; }

    [Display(Name = "New password")]
    public string? New { get; set; }
}
