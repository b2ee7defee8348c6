namespace Broadsheet.Pages.Errors;

/// <summary>
/// The friendly page for 4xx/5xx status codes (re-executed by the status code pages middleware). A
/// re-execution keeps the request's method, so a refused POST lands here as a POST: the page only shows
/// the status, so it answers POST too and needs no antiforgery token.
/// </summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class StatusModel : SitePage
{
    public int Code { get; private set; }

    // The code comes from the route only: a refused POST's form may be the very thing that could not be read.
    public void OnPost([Microsoft.AspNetCore.Mvc.FromRoute] int code) => OnGet(code);

    public void OnGet([Microsoft.AspNetCore.Mvc.FromRoute] int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        Meta.Title = Code switch
        {
            404 => "Page not found",
            410 => "This article has been removed",
            403 => "Not allowed",
            400 => "The request could not be used",
            _ => "Something went wrong",
        };
        Meta.NoIndex = true;
        Meta.CanonicalPath = "/";
    }
}
