using Broadsheet.Hosting;
using Broadsheet.Site;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Broadsheet.Media;

/// <summary>Marks the page that takes uploads: its requests may be as large as <see cref="MediaOptions.MaxUploadBytes"/> allows.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AcceptsMediaUploadAttribute : Attribute;

public static class MediaSetup
{
    /// <summary>Names are generated and never reused, so browsers and CDNs may keep a copy for a year without asking again.</summary>
    public const string CacheControl = "public, max-age=31536000, immutable";

    public static WebApplicationBuilder AddMedia(this WebApplicationBuilder builder)
    {
        // Checked while the app is built, so the site and every command stop with the setting named, not a stack trace.
        if (builder.Configuration["Broadsheet:Media:Store"] is { } store && MediaStores.Parse(store) is null)
        {
            throw new StartupProblemException(MediaStores.ProblemWith(store));
        }

        builder.Services.AddOptions<MediaOptions>().Bind(builder.Configuration.GetSection("Broadsheet:Media"))
            .Validate(o => o.MaxUploadBytes is > 0 and <= 200 * 1024 * 1024, "Broadsheet:Media:MaxUploadBytes must be between 1 and 209715200 (200 MB).")
            .Validate(o => MediaStores.Parse(o.Store) is not null, MediaStores.Problem)
            .ValidateOnStart();
        builder.Services.AddSingleton<ImageProcessor>();
        builder.Services.AddSingleton(services =>
        {
            var media = services.GetRequiredService<IOptions<MediaOptions>>().Value;
            var dataDir = Path.GetFullPath(services.GetRequiredService<IOptions<BroadsheetOptions>>().Value.DataDir, builder.Environment.ContentRootPath);
            return new MediaFolder(string.IsNullOrWhiteSpace(media.Folder)
                ? Path.Combine(dataDir, "media")
                : Path.GetFullPath(media.Folder, builder.Environment.ContentRootPath));
        });
        builder.Services.AddSingleton<FileSystemMediaStore>();
        builder.Services.AddScoped<DatabaseMediaStore>();
        builder.Services.AddScoped<IMediaStore>(services => StoreName(services) == MediaStores.Database
            ? services.GetRequiredService<DatabaseMediaStore>()
            : services.GetRequiredService<FileSystemMediaStore>());
        builder.Services.AddScoped<MediaLibrary>();
        builder.Services.AddScoped<MediaDescriptions>();
        return builder;
    }

    /// <summary>The configured store; a name that is none of them stops whatever asks (commands do not validate options on start).</summary>
    public static string StoreName(IServiceProvider services) =>
        MediaStores.Parse(services.GetRequiredService<IOptions<MediaOptions>>().Value.Store) ?? throw new InvalidOperationException(MediaStores.Problem);

    /// <summary>Serves <c>/media/…</c> from the store, with a year's caching, and lets the upload page take large requests.</summary>
    public static WebApplication MapMedia(this WebApplication app)
    {
        // Uploads may be larger than Kestrel's default request limit (30 MB) when configured so; the
        // library's own limit is checked on the file itself, with a message the uploader can act on.
        var maxUpload = app.Services.GetRequiredService<IOptions<MediaOptions>>().Value.MaxUploadBytes;
        app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<AcceptsMediaUploadAttribute>() is not null
                && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = Math.Max(limit.MaxRequestBodySize ?? 0, maxUpload + (1024 * 1024));
            }

            return next(context);
        });

        if (StoreName(app.Services) == MediaStores.Database)
        {
            app.MapMethods("/media/{**path}", [HttpMethods.Get, HttpMethods.Head], DatabaseMediaServing.ServeAsync)
                .ExcludeFromDescription();
            return app;
        }

        var root = app.Services.GetRequiredService<MediaFolder>().Root;
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            throw new StartupProblemException(
                $"The media folder {root} cannot be made ({problem.Message}). Set Broadsheet:Media:Folder to a folder this user may write, or create it.");
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/media",
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = CacheControl,
        });
        return app;
    }
}
