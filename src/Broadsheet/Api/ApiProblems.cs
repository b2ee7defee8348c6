using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Api;

/// <summary>
/// Every error under <c>/api/</c> is <c>application/problem+json</c> (RFC 9457), whatever the client accepts: an
/// unknown address, a wrong method, a refused parameter, a failure. The site's HTML status pages stay as they are.
/// </summary>
public static class ApiProblems
{
    public static bool IsApi(this PathString path) => path.StartsWithSegments(ApiSetup.Root);

    /// <summary>A 400 naming each refused query parameter, with what it must be.</summary>
    public static ValidationProblem BadParameters(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            title: "One or more query parameters are not valid.",
            detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not Found", type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    /// <summary>
    /// Runs inside the site's exception handler and status code pages (after routing), so it sees the API's failures
    /// first: it turns them into problem details and tells the status code pages to leave the response alone.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.IsApi())
            {
                await next(context);
                return;
            }

            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            // No endpoint, or a reader page whose pattern happens to match (/{slug} for /api itself is ours): not found.
            var endpoint = context.GetEndpoint();
            if (endpoint is null || endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not null)
            {
                await WriteAsync(context, StatusCodes.Status404NotFound, "No resource of the API answers at this address.");
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiProblems))
                    .LogError(exception, "The API failed to answer {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Clear();
                await WriteAsync(context, StatusCodes.Status500InternalServerError, "The server could not answer this request; the failure was logged.");
                return;
            }

            var response = context.Response;
            if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null or 0 && string.IsNullOrEmpty(response.ContentType))
            {
                var detail = response.StatusCode switch
                {
                    StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed here.",
                    StatusCodes.Status400BadRequest => "The request could not be understood.",
                    _ => null,
                };
                await WriteAsync(context, response.StatusCode, detail);
            }
        });

    public static Task WriteAsync(HttpContext context, int status, string? detail) =>
        TypedResults.Problem(detail, statusCode: status).ExecuteAsync(context);

    /// <summary>Adds the request's address and trace id to every problem, so a report can be matched with the log.</summary>
    internal static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
    }
}
