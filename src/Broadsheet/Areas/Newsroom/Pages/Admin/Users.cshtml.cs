using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Mail;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Admin;

/// <summary>Newsroom accounts: create one (the person gets a link to choose a password), change a role, disable or enable.</summary>
public sealed class UsersModel(UserManager<NewsroomUser> users, NewsroomAccounts accounts, Mailer mailer, SiteUrls urls, SiteSettingsStore settings, AuditLog audit, Microsoft.Extensions.Options.IOptions<AccountOptions> options) : NewsroomPage
{
    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    public IReadOnlyList<AccountSummary> Users { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        // The administrator never knows the password: the person chooses one from the link in their mail.
        var unusable = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var result = await accounts.CreateAsync(Input.Email!, Input.Name!, Input.Role!, unusable);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code is "DuplicateEmail" or "DuplicateUserName" ? "Input.Email" : "",
                    error.Code is "DuplicateEmail" or "DuplicateUserName" ? "An account with this email already exists." : error.Description);
            }

            await LoadAsync();
            return Page();
        }

        var user = (await users.FindByEmailAsync(Input.Email!.Trim()))!;
        var link = urls.ForMail(await accounts.PasswordResetPathAsync(user));
        await mailer.SendAsync(user.Email!, user.DisplayName, $"Your newsroom account at {settings.Title}",
            $"""
            Hello {user.DisplayName},

            {Member.Name} created a newsroom account for you at {settings.Title} ({NewsroomRoles.Normalize(Input.Role)}).
            Choose your password within {options.Value.ResetLinkLifetimeText} with this link:

            {link}

            Later, sign in at {urls.ForMail("/newsroom/signin")}. If the link has expired, use "Forgot your password?" there.
            """, HttpContext.RequestAborted);
        await audit.RecordAsync("Created user", $"{user.Email} ({NewsroomRoles.Normalize(Input.Role)})", HttpContext.RequestAborted);
        Flash = $"Account created for {user.Email}; a link to choose a password was sent.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(string? id, string? role)
    {
        // This form sends no new-user fields; their (empty) validation does not apply here.
        ModelState.Clear();
        var user = string.IsNullOrEmpty(id) ? null : await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        var newRole = NewsroomRoles.Normalize(role);
        if (newRole is null)
        {
            ModelState.AddModelError("", "Choose one of the listed roles.");
        }
        else if (newRole != NewsroomRoles.Administrator && await accounts.IsLastAdministratorAsync(user))
        {
            ModelState.AddModelError("", "This is the only administrator. Make someone else an administrator first.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var result = await accounts.ChangeRoleAsync(user, newRole!);
        if (!result.Succeeded)
        {
            AddErrors(result);
            await LoadAsync();
            return Page();
        }

        await audit.RecordAsync("Changed role", $"{user.Email} → {newRole}", HttpContext.RequestAborted);
        Flash = $"{user.DisplayName} is now {newRole}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(string? id, bool disable)
    {
        ModelState.Clear();
        var user = string.IsNullOrEmpty(id) ? null : await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (disable && user.Id == Member.UserId)
        {
            ModelState.AddModelError("", "You cannot disable your own account.");
            await LoadAsync();
            return Page();
        }

        await accounts.SetDisabledAsync(user, disable);
        await audit.RecordAsync(disable ? "Disabled user" : "Enabled user", user.Email ?? "", HttpContext.RequestAborted);
        Flash = disable ? $"{user.DisplayName} can no longer sign in." : $"{user.DisplayName} can sign in again.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Title = "Users";
        Users = await accounts.ListAsync(HttpContext.RequestAborted);
    }
}

public sealed class NewUserInput
{
    [Required(ErrorMessage = "Enter the person's name.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter the person's email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.org.")]
    [StringLength(256)]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Choose a role.")]
    [Display(Name = "Role")]
    public string? Role { get; set; }
}
