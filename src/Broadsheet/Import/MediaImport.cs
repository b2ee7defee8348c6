using Broadsheet.Data;
using Broadsheet.Media;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Import;

/// <summary>
/// Brings the export's attachments found in the <c>--uploads</c> folder through the media library (content check,
/// variants, metadata stripped); the others are listed in the report. Runs before the posts, whose featured
/// images and bodies point at the results.
/// </summary>
public sealed class MediaImport(BroadsheetDb db, MediaLibrary library, ImportReport report, WordPressImportOptions options, List<string> writtenFiles)
{
    private const int HeaderBytes = 16;

    /// <summary>Imported attachments (also those of an earlier run): their upload path and page on the old site, and their address here.</summary>
    public List<ImportedFile> Brought { get; } = [];

    public async Task ImportAsync(WxrSurvey survey, ImportLinks links, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var known = await db.MediaItems.AsNoTracking().Where(m => m.WordPressId != null)
            .ToDictionaryAsync(m => m.WordPressId!.Value, cancellationToken);
        var uploads = options.UploadsFolder is null ? null : Path.GetFullPath(options.UploadsFolder);
        var done = 0;
        foreach (var attachment in survey.Attachments)
        {
            progress?.Report(new("Media", ++done, survey.Attachments.Count));
            var id = attachment.Id!.Value;
            var url = attachment.AttachmentUrl ?? attachment.Link ?? "";
            var file = new ImportedFile(id, url, ImportLinks.RelativePathOf(url, attachment.MetaValue("_wp_attached_file")))
            {
                Title = WordPressBody.PlainText(attachment.Title),
                Alt = WordPressBody.PlainText(attachment.MetaValue("_wp_attachment_image_alt") ?? ""),
                Caption = WordPressBody.PlainText(attachment.Excerpt),
                ParentId = attachment.ParentId,
                Link = attachment.Link,
            };
            links.AddFile(file);
            var example = file.RelativePath;
            if (known.TryGetValue(id, out var existing))
            {
                Use(file, existing);
                report.Skipped(ImportReport.Media, "already imported (its WordPress id is known)", example);
                continue;
            }

            if (uploads is null)
            {
                report.Skipped(ImportReport.Media, "not brought: no --uploads folder was given", example);
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(uploads, file.RelativePath));
            if (!path.StartsWith(uploads + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                report.Skipped(ImportReport.Media, "not brought: the file is not in the uploads folder", example);
                continue;
            }

            await using var stream = File.OpenRead(path);
            if (options.DryRun)
            {
                // A dry run writes no files: the content check it can make without decoding is the file's signature.
                var header = new byte[HeaderBytes];
                var read = await stream.ReadAsync(header, cancellationToken);
                if (ImageSniffer.Detect(header.AsSpan(0, read)) is null)
                {
                    report.Skipped(ImportReport.Media, "not brought: not an image the media library takes (JPEG, PNG, WebP, GIF)", example);
                }
                else
                {
                    file.MediaUrl = "/media/dry-run/" + file.RelativePath;
                    report.Imported(ImportReport.Media);
                    Brought.Add(file);
                }

                continue;
            }

            try
            {
                var (item, files) = library.AddImported(stream, Path.GetFileName(path), url, id, file.Alt is { Length: > 0 } alt ? alt : null);
                writtenFiles.AddRange(files);
                await db.SaveChangesAsync(cancellationToken);
                library.ReleaseSavedFiles();
                Use(file, item);
                report.Imported(ImportReport.Media);
            }
            catch (MediaRejectedException rejected)
            {
                report.Skipped(ImportReport.Media, $"not brought: {rejected.Message}", example);
            }
        }
    }

    private void Use(ImportedFile file, MediaItem item)
    {
        file.MediaUrl = item.Url;
        file.MediaItemId = item.Id;
        file.Variants = item.Variants;
        file.Width = item.Width;
        file.Height = item.Height;
        if (string.IsNullOrEmpty(file.Alt) && !string.IsNullOrEmpty(item.Alt))
        {
            file.Alt = item.Alt;
        }

        Brought.Add(file);
    }
}
