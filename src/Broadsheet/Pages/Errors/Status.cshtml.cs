namespace Broadsheet.Pages.Errors;

/// <summary>The friendly page for 4xx/5xx status codes (re-executed by the status code pages middleware).</summary>
public sealed class StatusModel : SitePage
{
    public int Code { get; private set; }

    public void OnGet(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        Meta.Title = Code == 404 ? "Page not found" : "Something went wrong";
        Meta.NoIndex = true;
        Meta.CanonicalPath = "/";
    }
}
