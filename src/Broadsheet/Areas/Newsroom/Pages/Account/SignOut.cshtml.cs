using Broadsheet.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Account;

/// <summary>Signing out changes state, so it is a POST; the GET only offers the button.</summary>
public sealed class SignOutModel(SignInManager<NewsroomUser> signIn) : NewsroomPage
{
    public void OnGet() => Title = "Sign out";

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/newsroom/signin");
    }
}
