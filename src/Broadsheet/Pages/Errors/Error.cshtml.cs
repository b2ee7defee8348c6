using System.Diagnostics;

namespace Broadsheet.Pages.Errors;

/// <summary>Shown for unhandled exceptions; the details go to the log, never to the reader.</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ErrorModel : SitePage
{
    public string RequestId { get; private set; } = "";

    public void OnGet() => Show();

    public void OnPost() => Show();

    private void Show()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        Meta.Title = "Something went wrong";
        Meta.NoIndex = true;
        Meta.CanonicalPath = "/";
    }
}
