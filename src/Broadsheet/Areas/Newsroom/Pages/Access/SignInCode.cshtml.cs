using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Access;

public sealed class SignInCodeModel(SignInManager<NewsroomUser> signIn, AuditLog audit) : NewsroomPage
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the code from your authenticator app.")]
    [Display(Name = "Authentication code")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Title = "Two-step verification";
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Access/SignIn", new { area = "Newsroom" }) : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Title = "Two-step verification";
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Access/SignIn", new { area = "Newsroom" });
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Code!.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "Too many failed attempts: this account is locked for 15 minutes.");
            return Page();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(Code), "That code is not right. Codes change every 30 seconds; enter the current one.");
            return Page();
        }

        await audit.RecordAsync(await signIn.CreateUserPrincipalAsync(user), "Signed in (two-step)", user.Email ?? "");
        return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl));
    }
}
