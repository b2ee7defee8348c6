using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Access;

/// <summary>First run: creates the first Administrator; once one exists the page is gone (404).</summary>
public sealed class SetupModel(NewsroomAccounts accounts, SignInManager<NewsroomUser> signIn, AuditLog audit) : NewsroomPage
{
    [BindProperty]
    public NewAccountInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        Title = "Set up the newsroom";
        return await accounts.AdministratorExistsAsync(HttpContext.RequestAborted) ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Title = "Set up the newsroom";
        if (await accounts.AdministratorExistsAsync(HttpContext.RequestAborted))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Submissions racing on several nodes: the check is made again under the database's lock, and a loser is told
        // what a later visitor is told.
        var result = await accounts.CreateFirstAdministratorAsync(Input.Email!, Input.Name!, Input.Password!, HttpContext.RequestAborted);
        if (result is null)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            AddErrors(result);
            return Page();
        }

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email!.Trim());
        await signIn.SignInAsync(user!, isPersistent: false);
        await audit.RecordAsync(await signIn.CreateUserPrincipalAsync(user!), "Set up the newsroom", user!.Email ?? "");
        Flash = "Welcome. The newsroom is set up and you are its administrator.";
        return Redirect("/newsroom");
    }
}

public sealed class NewAccountInput
{
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter an email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.org.")]
    [StringLength(256)]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    [Display(Name = "Password again")]
    public string? ConfirmPassword { get; set; }
}
