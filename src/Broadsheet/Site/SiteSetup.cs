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
        app.UseRouting();
        if (PageCache.IsEnabled(app.Configuration))
        {
            app.UseOutputCache();
        }

        app.UseResponseCompression();
        app.UseConditionalGet();
        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        return app;
    }
}
