using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Broadsheet.Pages.Errors;

/// <summary>Shown for unhandled exceptions; the details go to the log, never to the reader.</summary>
/// <remarks>
/// The reference the reader sees is logged with the failed request, so that an operator told it finds the failure
/// (the exception itself is logged just before, by the exception handler). Per-request log scopes, which would carry
/// it on every line, are off by default (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c> in appsettings.json).
/// </remarks>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : SitePage
{
    public string RequestId { get; private set; } = "";

    public void OnGet() => Show();

    public void OnPost() => Show();

    private void Show()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } failed)
        {
            logger.LogError(
                "Reference {Reference}: a reader was shown the error page for {Method} {Path} ({Error}).",
                RequestId, HttpContext.Request.Method, failed.Path, failed.Error.GetType().Name);
        }

        Response.StatusCode = StatusCodes.Status500InternalServerError;
        Meta.Title = "Something went wrong";
        Meta.NoIndex = true;
        Meta.CanonicalPath = "/";
    }
}
