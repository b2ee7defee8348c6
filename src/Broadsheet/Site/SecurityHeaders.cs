namespace Broadsheet.Site;

public static class SecurityHeaders
{
    // No inline or outside scripts anywhere: every script is a same-origin file.
    // JSON-LD is a data block, which CSP does not treat as script.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            // No Cross-Origin-Opener-Policy: it moves every navigation into the site to a new browser
            // process, which cost a throttled phone about 0.3 s of blocked main thread per page (measured
            // with bench/lighthouse.sh), and the reader site opens no windows that would need it.
            return next(context);
        });

    /// <summary>
    /// Responses under the paths are for one person (a newsroom member, a commenter): never stored by browsers,
    /// proxies or CDNs, never indexed. Set as the response starts, so nothing later overrides it.
    /// </summary>
    public static WebApplication UsePrivatePages(this WebApplication app, Func<PathString, bool> isPrivate, string cacheControl, string robots)
    {
        app.Use((context, next) =>
        {
            if (isPrivate(context.Request.Path))
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = cacheControl;
                    context.Response.Headers["X-Robots-Tag"] = robots;
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        return app;
    }
}
