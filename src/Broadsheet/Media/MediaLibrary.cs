using System.Security.Claims;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Broadsheet.Media;

/// <summary>Media settings (<c>Broadsheet:Media</c>).</summary>
public sealed class MediaOptions
{
    /// <summary>The largest upload accepted, in bytes (default 10 MB).</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>Stores uploaded images under the data folder's <c>media/</c> folder with generated names, with resized copies made once.</summary>
public sealed class MediaLibrary(BroadsheetDb db, ImageProcessor processor, MediaFolder folder, IOptions<MediaOptions> options, TimeProvider time, AuditLog audit)
{
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>Checks the file by its content, stores it with its variants and adds it to the library.</summary>
    /// <exception cref="MediaRejectedException">The file is not an image we accept; the message says why.</exception>
    public async Task<MediaItem> UploadAsync(Stream content, string originalName, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var relativeDir = $"{now:yyyy}/{now:MM}";
        var directory = Path.Combine(folder.Root, now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), now.ToString("MM", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var baseName = Guid.NewGuid().ToString("N");
        var processed = processor.Process(content, options.Value.MaxUploadBytes, directory, baseName);
        var item = new MediaItem
        {
            Path = $"{relativeDir}/{processed.FileName}",
            OriginalName = Path.GetFileName(originalName) is { Length: > 0 } name ? (name.Length > 260 ? name[..260] : name) : "image",
            ContentType = ImageSniffer.ContentType(processed.Kind),
            Length = processed.Length,
            Width = processed.Width,
            Height = processed.Height,
            Variants = string.Join(',', processed.Variants.Select(v => v.Width)),
            UploadedAt = now,
            UploadedById = user.FindFirstValue(ClaimTypes.NameIdentifier),
        };
        db.MediaItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(user, "Uploaded an image", item.OriginalName, cancellationToken);
        return item;
    }

    /// <summary>
    /// Adds a file brought by an import (no person uploads it): the same content check, variants and metadata
    /// stripping as an upload. The item is added to the context but not saved, so it joins the import's
    /// transaction; the files written are returned, for the caller to remove should that transaction fail.
    /// </summary>
    /// <exception cref="MediaRejectedException">The file is not an image we accept; the message says why.</exception>
    public (MediaItem Item, IReadOnlyList<string> Files) AddImported(Stream content, string originalName, string sourceUrl, int wordPressId, string? alt)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var year = now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var month = now.ToString("MM", System.Globalization.CultureInfo.InvariantCulture);
        var directory = Path.Combine(folder.Root, year, month);
        Directory.CreateDirectory(directory);
        var processed = processor.Process(content, options.Value.MaxUploadBytes, directory, Guid.NewGuid().ToString("N"));
        var item = new MediaItem
        {
            Path = $"{year}/{month}/{processed.FileName}",
            OriginalName = Path.GetFileName(originalName) is { Length: > 0 } name ? (name.Length > 260 ? name[..260] : name) : "image",
            ContentType = ImageSniffer.ContentType(processed.Kind),
            Length = processed.Length,
            Width = processed.Width,
            Height = processed.Height,
            Variants = string.Join(',', processed.Variants.Select(v => v.Width)),
            Alt = alt is { Length: > 500 } ? alt[..500] : alt,
            SourceUrl = sourceUrl.Length > 1000 ? sourceUrl[..1000] : sourceUrl,
            WordPressId = wordPressId,
            UploadedAt = now,
        };
        db.MediaItems.Add(item);
        return (item, [Path.Combine(directory, processed.FileName), .. processed.Variants.Select(v => Path.Combine(directory, v.FileName))]);
    }
}

/// <summary>Where media files live: the data folder's <c>media/</c> folder.</summary>
public sealed class MediaFolder(IOptions<BroadsheetOptions> options, IHostEnvironment environment)
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDir, environment.ContentRootPath), "media");
}

/// <summary>Builds the srcset of an image from the media library; other images have none.</summary>
public static class ImageSources
{
    /// <summary>The URL of a resized copy: <c>/media/2026/11/abc.jpg</c> at 480 is <c>/media/2026/11/abc-480.webp</c>.</summary>
    public static string VariantUrl(string imageUrl, string width) => $"{imageUrl[..imageUrl.LastIndexOf('.')]}-{width}.webp";

    public static string SmallestUrl(string imageUrl, string variants) =>
        variants.Split(',', StringSplitOptions.RemoveEmptyEntries) is [var smallest, ..] ? VariantUrl(imageUrl, smallest) : imageUrl;

    public static string? SrcSet(string? imageUrl, string? variants, int? width)
    {
        if (imageUrl is null || string.IsNullOrEmpty(variants) || !imageUrl.StartsWith("/media/", StringComparison.Ordinal))
        {
            return null;
        }

        var sources = variants.Split(',').Select(w => $"{VariantUrl(imageUrl, w)} {w}w").ToList();
        if (width is { } original)
        {
            sources.Add($"{imageUrl} {original}w");
        }

        return string.Join(", ", sources);
    }
}

/// <summary>Marks the page that takes uploads: its requests may be as large as <see cref="MediaOptions.MaxUploadBytes"/> allows.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AcceptsMediaUploadAttribute : Attribute;

public static class MediaSetup
{
    public static WebApplicationBuilder AddMedia(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().Bind(builder.Configuration.GetSection("Broadsheet:Media"))
            .Validate(o => o.MaxUploadBytes is > 0 and <= 200 * 1024 * 1024, "Broadsheet:Media:MaxUploadBytes must be between 1 and 209715200 (200 MB).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ImageProcessor>();
        builder.Services.AddSingleton<MediaFolder>();
        builder.Services.AddScoped<MediaLibrary>();
        return builder;
    }

    /// <summary>Serves <c>/media/…</c> from the media folder, and lets the upload page take large requests. Names are generated and never reused, so a copy may be kept for a year.</summary>
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

        var root = app.Services.GetRequiredService<MediaFolder>().Root;
        Directory.CreateDirectory(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/media",
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
        return app;
    }
}
