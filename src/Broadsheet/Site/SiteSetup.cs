using System.IO.Compression;
using Broadsheet.Hosting;
using Broadsheet.Redirects;
using Microsoft.AspNetCore.ResponseCompression;

namespace Broadsheet.Site;

public static class SiteSetup
{
    public static WebApplicationBuilder AddBroadsheetSite(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BroadsheetOptions>()
            .Bind(builder.Configuration.GetSection(BroadsheetOptions.SectionName))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.Site.TimeZone, out _),
                "Broadsheet:Site:TimeZone must be an IANA time zone id such as Europe/London or America/New_York.")
            .Validate(o => IsKnownCulture(o.Site.Culture), "Broadsheet:Site:Culture must be a culture name such as en-US or fr-FR.")
            .Validate(o => o.Site.PageSize is >= 1 and <= 100, "Broadsheet:Site:PageSize must be between 1 and 100.")
            .Validate(o => o.Site.SitemapSize is >= 1 and <= 50_000, "Broadsheet:Site:SitemapSize must be between 1 and 50000.")
            .Validate(o => o.OutputCache.SizeLimitMegabytes >= 1 && o.OutputCache.MaximumBodyMegabytes >= 1,
                "Broadsheet:OutputCache:SizeLimitMegabytes and MaximumBodyMegabytes must be at least 1.")
            .Validate(o => o.OutputCache.HotMegabytes is >= 0 and <= 4096,
                "Broadsheet:OutputCache:HotMegabytes must be between 0 (off) and 4096.")
            .Validate(o => string.Equals(o.OutputCache.Storage, "File", StringComparison.OrdinalIgnoreCase) || string.Equals(o.OutputCache.Storage, "Memory", StringComparison.OrdinalIgnoreCase),
                "Broadsheet:OutputCache:Storage must be File or Memory.")
            .Validate(o => o.Security.HstsMaxAge >= 0, "Broadsheet:Security:HstsMaxAge must be 0 (no header) or a number of seconds.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SiteCalendar>();
        services.AddSingleton<SiteSettingsStore>();
        services.AddHttpContextAccessor();
        services.AddScoped<SiteUrls>();
        services.AddSingleton<SectionMenu>();
        services.AddMenuChanges();
        services.AddRazorPages().ConfigureApplicationPartManager(AppMvcPart.ReplaceAssemblyPart);
        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddPageCache();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/rss+xml", "application/atom+xml", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddBroadsheetHealth();
        services.AddTrustedProxies(builder.Configuration);
        return builder;
    }

    private static bool IsKnownCulture(string name) => SiteSettingsStore.IsKnownCulture(name);

    public static WebApplication UseBroadsheetSite(this WebApplication app)
    {
        app.UsePrivatePages();
        // Behind a reverse proxy on the same machine, or a balancer listed in Broadsheet:ForwardedHeaders (TrustedProxies),
        // the request's scheme and client address come from X-Forwarded-*: sign-in cookies are then marked Secure and
        // redirects stay on https.
        app.UseForwardedHeaders();
        // After the forwarded scheme and host (the cache keys on them), before everything else: a hit is served here,
        // with the headers stored with it (the security headers among them).
        var outputCache = PageCache.IsEnabled(app.Configuration);
        if (outputCache)
        {
            app.UseHotPages();
            app.UseOutputCacheBeforeRouting();
        }

        // Readers never see internals, in any environment; the details go to the log.
        app.UseExceptionHandler("/error");
        // After the exception handler, which clears headers: the error page gets them too.
        app.UseSecurityHeaders();

        app.UseStatusCodePagesWithReExecute("/status/{0}");
        // Inside the status code pages: an old address that would end in 404 answers 301 instead.
        app.UseOldAddresses();
        app.UseTolerantForms();
        app.UseVersionedAssetCaching();
        app.UseRouting();
        app.UseReaderPageMethods();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        if (outputCache)
        {
            app.UseOutputCacheAfterRouting();
        }

        app.UseResponseCompression();
        app.UseConditionalGet();
        return app;
    }

    /// <summary>
    /// Our stylesheets and scripts are linked with a content hash (<c>?v=…</c>, asp-append-version), so a
    /// browser or CDN may keep such a URL for a year: a change to the file changes the URL.
    /// </summary>
    private static void UseVersionedAssetCaching(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (context.Request.Query.ContainsKey("v") && (path.StartsWithSegments("/css") || path.StartsWithSegments("/js")))
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                    {
                        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    /// <summary>Reader pages answer GET and HEAD (and POST where a page has a form); anything else is 405.</summary>
    private static void UseReaderPageMethods(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var method = context.Request.Method;
            if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null
                && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsPost(method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD, POST";
                return Task.CompletedTask;
            }

            return next(context);
        });
}
