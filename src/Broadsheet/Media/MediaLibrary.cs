using System.Globalization;
using System.Security.Claims;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Media;

/// <summary>Media settings (<c>Broadsheet:Media</c>).</summary>
public sealed class MediaOptions
{
    /// <summary>The largest upload accepted, in bytes (default 10 MB).</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Where files are kept: <c>FileSystem</c> (default) or <c>Database</c>; see <see cref="MediaStores"/>.</summary>
    public string? Store { get; set; }

    /// <summary>The file store's folder; default the data folder's <c>media/</c>. Nodes that share a mount point it there.</summary>
    public string? Folder { get; set; }
}

/// <summary>Keeps uploaded images in the media store with generated names, with resized copies made once.</summary>
public sealed class MediaLibrary(BroadsheetDb db, ImageProcessor processor, IMediaStore store, IOptions<MediaOptions> options, TimeProvider time, AuditLog audit)
{
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>Checks the file by its content, stores it with its variants and adds it to the library.</summary>
    /// <exception cref="MediaRejectedException">The file is not an image we accept; the message says why.</exception>
    public async Task<MediaItem> UploadAsync(Stream content, string originalName, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var (item, files) = Add(content, originalName);
        item.UploadedById = user.FindFirstValue(ClaimTypes.NameIdentifier);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            store.Discard(files);
            throw;
        }

        ReleaseSavedFiles();
        await audit.RecordAsync(user, "Uploaded an image", item.OriginalName, cancellationToken);
        return item;
    }

    /// <summary>
    /// Adds a file brought by an import (no person uploads it): the same content check, variants and metadata
    /// stripping as an upload. The item (and, in the database store, its files) is added to the context but not
    /// saved, so it joins the import's transaction; the paths stored are returned, for the caller to
    /// <see cref="Discard"/> should that transaction fail.
    /// </summary>
    /// <exception cref="MediaRejectedException">The file is not an image we accept; the message says why.</exception>
    public (MediaItem Item, IReadOnlyList<string> Files) AddImported(Stream content, string originalName, string sourceUrl, int wordPressId, string? alt)
    {
        var (item, files) = Add(content, originalName);
        item.Alt = alt is { Length: > 500 } ? alt[..500] : alt;
        item.SourceUrl = sourceUrl.Length > 1000 ? sourceUrl[..1000] : sourceUrl;
        item.WordPressId = wordPressId;
        return (item, files);
    }

    /// <summary>Takes back files stored for items whose transaction failed.</summary>
    public void Discard(IReadOnlyList<string> files) => store.Discard(files);

    /// <summary>
    /// Lets go of the bytes of saved files the context still tracks: an import saving hundreds of images would
    /// otherwise hold all of them in memory until it ends.
    /// </summary>
    public void ReleaseSavedFiles()
    {
        foreach (var entry in db.ChangeTracker.Entries<MediaFile>().Where(e => e.State == EntityState.Unchanged).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>Whether <paramref name="user"/> may change or delete the image: its uploader, an editor or an administrator.</summary>
    public static bool MayChange(ClaimsPrincipal user, MediaItem item) =>
        user.IsInRole(NewsroomRoles.Editor) || user.IsInRole(NewsroomRoles.Administrator)
        || (item.UploadedById is not null && item.UploadedById == user.FindFirstValue(ClaimTypes.NameIdentifier));

    /// <summary>
    /// Removes an image and its resized copies from the library and the media store, unless an article or a static
    /// page still shows it (<see cref="MediaUses"/>); its uploader, an editor or an administrator may. Says why not,
    /// with what still shows it, or that it is gone.
    /// </summary>
    public async Task<MediaDeletion> DeleteAsync(int id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var item = await db.MediaItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (item is null)
        {
            return new MediaDeletion("That image is no longer in the library.", []);
        }

        if (!MayChange(user, item))
        {
            return new MediaDeletion("Only the person who uploaded this image, an editor or an administrator can delete it.", []);
        }

        // In the database store the rows go in the same transaction as the item. A folder's files go just before the
        // commit: should it fail, the item stays, without its files, rather than files nobody can find again.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Looked for inside the transaction, as close to the delete as it can be.
            var uses = await MediaUses.FindAsync(db, item, cancellationToken);
            if (uses.Count > 0)
            {
                return new MediaDeletion(uses.Count == 1
                    ? "This image is still used by the place below. Remove it from there first."
                    : $"This image is still used by the {uses.Count} places below. Remove it from them first.", uses);
            }

            await db.MediaItems.Where(m => m.Id == id).ExecuteDeleteAsync(cancellationToken);
            await store.DeleteAsync(item.FilePaths(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.RecordAsync(user, "Deleted an image", item.OriginalName, cancellationToken);
        return new MediaDeletion(null, []);
    }

    private (MediaItem Item, IReadOnlyList<string> Files) Add(Stream content, string originalName)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var directory = string.Create(CultureInfo.InvariantCulture, $"{now:yyyy}/{now:MM}");
        var processed = processor.Process(content, options.Value.MaxUploadBytes, Guid.NewGuid().ToString("N"));
        var contentType = ImageSniffer.ContentType(processed.Kind);
        List<MediaFileContent> files =
        [
            new($"{directory}/{processed.FileName}", contentType, processed.Content),
            .. processed.Variants.Select(v => new MediaFileContent($"{directory}/{v.FileName}", "image/webp", v.Content)),
        ];
        store.Add(files);
        var item = new MediaItem
        {
            Path = files[0].Path,
            OriginalName = Path.GetFileName(originalName) is { Length: > 0 } name ? (name.Length > 260 ? name[..260] : name) : "image",
            ContentType = contentType,
            Length = processed.Length,
            Width = processed.Width,
            Height = processed.Height,
            Variants = string.Join(',', processed.Variants.Select(v => v.Width)),
            UploadedAt = now,
        };
        db.MediaItems.Add(item);
        return (item, [.. files.Select(f => f.Path)]);
    }
}

/// <summary>The outcome of deleting an image: why it was refused and what still shows it, or nothing once it is gone.</summary>
public sealed record MediaDeletion(string? Refusal, IReadOnlyList<MediaUse> Uses)
{
    public bool Deleted => Refusal is null;
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

    /// <summary>
    /// <paramref name="sizes"/> when there is a <paramref name="srcSet"/> to choose from, else null (Razor then leaves
    /// the attribute out): HTML allows <c>sizes</c> only beside <c>srcset</c>.
    /// </summary>
    public static string? SizesFor(string? srcSet, string sizes) => srcSet is null ? null : sizes;
}
