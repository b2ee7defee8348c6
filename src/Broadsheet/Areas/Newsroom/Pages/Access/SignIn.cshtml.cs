using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Access;

public sealed class SignInModel(SignInManager<NewsroomUser> signIn, NewsroomAccounts accounts, AuditLog audit) : NewsroomPage
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NeedsSetup { get; private set; }

    public async Task OnGetAsync()
    {
        Title = "Sign in";
        NeedsSetup = !await accounts.AdministratorExistsAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Title = "Sign in";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email!.Trim());
        if (user is { IsDisabled: true })
        {
            // Said only to someone who knows the password: the form does not tell strangers which accounts exist.
            ModelState.AddModelError("", await signIn.UserManager.CheckPasswordAsync(user, Input.Password!)
                ? "This account has been disabled. Ask an administrator."
                : "The email or password is not right. Check both and try again.");
            return Page();
        }

        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password!, Input.RememberMe, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Access/SignInCode", new { area = "Newsroom", ReturnUrl, Input.RememberMe });
        }

        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "Too many failed attempts: this account is locked for 15 minutes. Try again later or reset your password.");
            return Page();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("", "The email or password is not right. Check both and try again.");
            return Page();
        }

        await audit.RecordAsync(await signIn.CreateUserPrincipalAsync(user!), "Signed in", user!.Email ?? "");
        return LocalRedirect(SafeReturnUrl(ReturnUrl));
    }

    /// <summary>Only back into the newsroom: a sign-in link must not send a member to another site.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is not null
        && returnUrl.StartsWith("/newsroom", StringComparison.OrdinalIgnoreCase)
        && !returnUrl.Contains('\\', StringComparison.Ordinal)
        && !returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? returnUrl
            : "/newsroom";
}

public sealed class SignInInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.org.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [Display(Name = "Keep me signed in on this device")]
    public bool RememberMe { get; set; }
}
