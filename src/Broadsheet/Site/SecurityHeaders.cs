using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

public static class SecurityHeaders
{
    // No inline or outside scripts anywhere: every script is a same-origin file.
    // JSON-LD is a data block, which CSP does not treat as script.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var strictTransportSecurity = StrictTransportSecurity(app.ApplicationServices.GetRequiredService<IOptions<BroadsheetOptions>>().Value.Security);
        return app.Use((context, next) =>
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

            // Written here rather than by UseHsts, which leaves out 127.0.0.1 and the loopback names: a node behind nginx on its
            // own machine may well be reached under such a name, and browsers ignore the header for IP addresses anyway. Only
            // "localhost" is left out, so that a developer's browser is not held to HTTPS for every local project. The scheme
            // is the forwarded one (UseForwardedHeaders runs first), and the output cache keys on it, so a page cached over
            // HTTP never carries the header to HTTPS or the other way round.
            if (strictTransportSecurity is not null && context.Request.IsHttps
                && !string.Equals(context.Request.Host.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                headers.StrictTransportSecurity = strictTransportSecurity;
            }

            return next(context);
        });
    }

    private static string? StrictTransportSecurity(SecurityOptions options) => options.HstsMaxAge <= 0
        ? null
        : $"max-age={options.HstsMaxAge}" + (options.HstsIncludeSubDomains ? "; includeSubDomains" : "") + (options.HstsPreload ? "; preload" : "");
}
