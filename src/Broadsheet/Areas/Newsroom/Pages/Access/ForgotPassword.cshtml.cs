using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Mail;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Access;

public sealed class ForgotPasswordModel(UserManager<NewsroomUser> users, NewsroomAccounts accounts, Mailer mailer, SiteUrls urls, SiteSettingsStore settings, Microsoft.Extensions.Options.IOptions<AccountOptions> options) : NewsroomPage
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.org.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    public bool Sent { get; private set; }
    public string LinkLifetime => options.Value.ResetLinkLifetimeText;

    public void OnGet() => Title = "Reset your password";

    public async Task<IActionResult> OnPostAsync()
    {
        Title = "Reset your password";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The answer is the same whether or not the address has an account: no one learns who works here.
        var user = await users.FindByEmailAsync(Email!.Trim());
        if (user is { IsDisabled: false })
        {
            var link = urls.ForMail(await accounts.PasswordResetPathAsync(user));
            await mailer.SendAsync(user.Email!, user.DisplayName, $"Reset your password for {settings.Title}",
                $"""
                Hello {user.DisplayName},

                Someone asked to reset the password of your newsroom account at {settings.Title}.
                To choose a new password, open this link within {options.Value.ResetLinkLifetimeText}:

                {link}

                If it was not you, ignore this message; your password stays as it is.
                """, HttpContext.RequestAborted);
        }

        Sent = true;
        return Page();
    }
}
