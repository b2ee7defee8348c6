using System.ComponentModel.DataAnnotations;
using System.Text;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Broadsheet.Areas.Newsroom.Pages.Access;

public sealed class ResetPasswordModel(UserManager<NewsroomUser> users, AuditLog audit) : NewsroomPage
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
    [Display(Name = "New password")]
    public string? Password { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter the new password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    [Display(Name = "New password again")]
    public string? ConfirmPassword { get; set; }

    public IActionResult OnGet()
    {
        Title = "Choose a new password";
        return string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Code) ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Title = "Choose a new password";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        string? token = null;
        try
        {
            token = Code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
        }

        if (user is null || token is null || user.IsDisabled)
        {
            ModelState.AddModelError("", "This reset link is not valid. Ask for a new one.");
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("", error.Code == "InvalidToken"
                    ? "This reset link has expired or was already used. Ask for a new one on the sign-in page."
                    : error.Description);
            }

            return Page();
        }

        // A reset also ends a lockout: the person has just proved they own the mailbox.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(null, "Reset password", user.Email ?? "");
        Flash = "Your password has been changed. Sign in with the new one.";
        return Redirect("/newsroom/signin");
    }
}
