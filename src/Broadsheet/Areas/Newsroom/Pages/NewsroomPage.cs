using Broadsheet.Accounts;
using Broadsheet.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Areas.Newsroom.Pages;

/// <summary>Base of every newsroom page: the signed-in member and a one-time message after a redirect.</summary>
public abstract class NewsroomPage : PageModel
{
    public NewsroomMember Member => member ??= NewsroomMember.From(User);
    private NewsroomMember? member;

    /// <summary>Shown once at the top of the next page ("Article published.").</summary>
    [TempData]
    public string? Flash { get; set; }

    public string Title { get; protected set; } = "Newsroom";

    /// <summary>
    /// For background requests (autosave, preview) that show no page: a flash waiting for the next page
    /// stays for it, even when such a request lands between a save's redirect and the page it leads to.
    /// </summary>
    protected void KeepFlashForNextPage() => TempData.Keep();

    protected void AddErrors(IEnumerable<EditorError> errors, string prefix = "Input")
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field.Length == 0 ? "" : $"{prefix}.{error.Field}", error.Message);
        }
    }

    protected void AddErrors(Microsoft.AspNetCore.Identity.IdentityResult result, string key = "")
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(key, error.Description);
        }
    }

    /// <summary>
    /// A page with several forms binds all their properties on every post; only the fields of the form
    /// that was sent count, so the others' (empty) validation is dropped.
    /// </summary>
    protected void ValidateOnly(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    /// <summary>403 with the site's status page: the member is signed in but this is not theirs to do.</summary>
    protected IActionResult Forbidden() => StatusCode(StatusCodes.Status403Forbidden);
}
