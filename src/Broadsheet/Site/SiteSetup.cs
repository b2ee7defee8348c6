using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Broadsheet.Site;

public static class SiteSetup
{
    public static WebApplicationBuilder AddBroadsheetSite(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BroadsheetOptions>().Bind(builder.Configuration.GetSection(BroadsheetOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SiteCalendar>();
        services.AddHttpContextAccessor();
        services.AddScoped<SiteUrls>();
        services.AddScoped<SectionMenu>();
        services.AddScoped<Articles.ArticleChanges>();
        services.AddScoped<Feeds.FeedContext>();
        services.AddRazorPages();
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
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static WebApplication UseBroadsheetSite(this WebApplication app)
    {
        app.UseSecurityHeaders();
        // Readers never see internals, in any environment; the details go to the log.
        app.UseExceptionHandler("/error");

        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseVersionedAssetCaching();
        app.UseRouting();
        if (PageCache.IsEnabled(app.Configuration))
        {
            app.UseOutputCache();
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

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        return app;
    }
}
