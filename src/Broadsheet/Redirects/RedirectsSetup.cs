using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Diagnostics;

namespace Broadsheet.Redirects;

public static class RedirectsSetup
{
    /// <summary>A 301 is kept for an hour, not forever: a redirect that is later corrected must not stay stuck in browsers.</summary>
    public const string CacheControl = "public, max-age=3600";

    /// <summary>
    /// Old addresses answer 301 with their new one. The table is only read for a request that would
    /// otherwise end in 404, so the pages that exist pay nothing; WordPress short links (<c>/?p=ID</c>,
    /// <c>/?page_id=ID</c>) are looked up first on the home page, whose own <c>?p=</c> takes our ids.
    /// Runs inside the status code pages, so a 404 it turns into a 301 never shows the "not found" page. The address of
    /// an article that was on the site and is no longer answers 410 Gone (<see cref="GoneArticles"/>).
    /// </summary>
    public static IApplicationBuilder UseOldAddresses(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if ((!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
                || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                await next(context);
                return;
            }

            var home = request.Path == "/";
            if (home && WordPressShortLinks.IsShortLink(request.Query) && await ShortLinkAsync(context) is { } shortLink)
            {
                MovedTo(context.Response, shortLink);
                return;
            }

            await next(context);
            if (context.Response.StatusCode != StatusCodes.Status404NotFound || context.Response.HasStarted)
            {
                return;
            }

            var target = !home && WordPressShortLinks.IsShortLink(request.Query) ? await ShortLinkAsync(context) : null;
            target ??= await RedirectTable.FindTargetAsync(
                context.RequestServices.GetRequiredService<BroadsheetDb>(), request.Path.Value ?? "/", context.RequestAborted);
            if (target is not null)
            {
                MovedTo(context.Response, target);
            }
            else if (await GoneArticles.IsGoneAsync(context.RequestServices.GetRequiredService<BroadsheetDb>(), request.Path.Value ?? "/", context.RequestAborted))
            {
                // An article in the trash or deleted for good: the status code pages show the friendly "removed" page.
                context.Response.StatusCode = StatusCodes.Status410Gone;
            }
        });

    private static Task<string?> ShortLinkAsync(HttpContext context)
    {
        var services = context.RequestServices;
        return WordPressShortLinks.FindAsync(
            services.GetRequiredService<BroadsheetDb>(), services.GetRequiredService<SiteCalendar>(),
            services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, context.Request.Query, context.RequestAborted);
    }

    /// <summary>Nothing of the old query is kept: it belonged to the old site (utm tags, ?p=).</summary>
    private static void MovedTo(HttpResponse response, string target)
    {
        response.StatusCode = StatusCodes.Status301MovedPermanently;
        response.Headers.Location = RedirectPaths.ToLocation(target);
        response.Headers.CacheControl = CacheControl;
        response.ContentType = null;
        response.ContentLength = 0;
    }
}
