using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Import;

/// <summary>How to import: the export, where its uploads are, whether to write, whether to make accounts.</summary>
public sealed record WordPressImportOptions(string File, string? UploadsFolder = null, bool DryRun = false, bool CreateAccounts = false);

/// <summary>How far an import has come, for a progress bar.</summary>
public readonly record struct ImportProgress(string Stage, int Done, int Total);

/// <summary>
/// <c>import wordpress</c>: brings a WordPress export (WXR) in as articles, static pages, comments, media,
/// sections, tags, authors and redirects. The file is read twice as a stream: once to check it and learn how
/// its parts refer to each other, once to import. Everything is written in one transaction, so a failure
/// writes nothing (and removes the media files it had made); WordPress ids make a second run add nothing.
/// </summary>
public sealed class WordPressImport(
    BroadsheetDb db, SiteCalendar calendar, SiteSettingsStore settings, MediaLibrary media, ImportAccounts accounts, AuditLog audit, TimeProvider time)
{
    private const int BatchSize = 50;

    /// <exception cref="WxrFormatException">The file cannot be read as a WordPress export; nothing was written.</exception>
    public async Task<ImportReport> ImportAsync(WordPressImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = new ImportReport { DryRun = options.DryRun, FileName = Path.GetFileName(options.File) };
        progress?.Report(new("Checking the file", 0, 1));
        var survey = await Task.Run(() => WxrSurvey.Read(options.File, cancellationToken), cancellationToken);
        if (survey.Channel.Version is null)
        {
            report.Remarks.Add("The file gives no WXR version; it was read as WXR 1.2.");
        }

        var writtenFiles = new List<string>();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await RunAsync(options, survey, report, writtenFiles, progress, cancellationToken);
            if (options.DryRun)
            {
                await transaction.RollbackAsync(cancellationToken);
                DeleteFiles(writtenFiles);
            }
            else
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch
        {
            DeleteFiles(writtenFiles);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        if (!options.DryRun && options.CreateAccounts)
        {
            await accounts.AddResetLinksAsync(report);
        }

        return report;
    }

    private async Task RunAsync(WordPressImportOptions options, WxrSurvey survey, ImportReport report, List<string> writtenFiles,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var paths = new SiteCalendarPaths(calendar);
        var state = new ImportState(db, report);
        await state.LoadAsync(paths, cancellationToken);

        var links = new ImportLinks();
        links.AddOldSite(survey.Channel.Link);
        links.AddOldSite(survey.Channel.BaseBlogUrl);
        if (survey.Channel.BaseSiteUrl is { } baseSite && !baseSite.Contains("wordpress.com", StringComparison.OrdinalIgnoreCase))
        {
            links.AddOldSite(baseSite);
        }

        var mediaImport = new MediaImport(db, media, report, options, writtenFiles);
        await mediaImport.ImportAsync(survey, links, progress, cancellationToken);

        var clock = new ExportClock(survey.Offset, calendar.Zone);
        var plan = ImportPlanner.Plan(survey, state, clock, paths, links, report, now);
        var items = new ItemImport(db, state, report, links, clock, survey, plan, now);
        var done = 0;
        var pending = 0;
        foreach (var entry in WxrReader.Read(options.File))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry is not WxrItem item)
            {
                continue;
            }

            progress?.Report(new("Importing", ++done, survey.ItemCount));
            switch (item)
            {
                case { Id: null } or { PostType: null }:
                    report.Skipped(ImportReport.OtherItems, "no WordPress post id or post type", WordPressBody.PlainText(item.Title));
                    continue;
                case { PostType: "post" }:
                    await items.ImportPostAsync(item, cancellationToken);
                    break;
                case { PostType: "page" }:
                    items.ImportPage(item);
                    break;
                case { PostType: "attachment" }:
                    continue;
                default:
                    report.Skipped(ImportReport.OtherItems, $"post type \"{item.PostType}\" has no equivalent here");
                    continue;
            }

            if (++pending >= BatchSize)
            {
                await state.FlushAsync(cancellationToken);
                pending = 0;
            }
        }

        await state.FlushAsync(cancellationToken);
        if (options.CreateAccounts)
        {
            await accounts.CreateAsync(survey, report, cancellationToken);
        }

        progress?.Report(new("Writing redirects", survey.ItemCount, survey.ItemCount));
        var redirects = new RedirectWriter(db, state, report, now);
        redirects.AddAll(survey, items, mediaImport);
        await db.SaveChangesAsync(cancellationToken);

        AddRemarks(report, survey, clock, items.Notes, options);
        await TellRunningSitesAsync(now, cancellationToken);
        await audit.RecordAsync(null, options.DryRun ? "Tried a WordPress import (dry run)" : "Imported from WordPress (command line)",
            $"{report.FileName}: {report[ImportReport.Articles].Imported} articles, {report[ImportReport.StaticPages].Imported} pages, {report[ImportReport.Comments].Imported} comments", cancellationToken);
    }

    private static void AddRemarks(ImportReport report, WxrSurvey survey, ExportClock clock, BodyNotes notes, WordPressImportOptions options)
    {
        if (clock.UsedFallback)
        {
            report.Remarks.Add(survey.Offset is { } offset
                ? $"Some dates had no UTC time: they were read as local time at UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}, the offset of {survey.OffsetSamples} other dates in the file."
                : "Some dates had no UTC time and no other date gave the export's offset: they were read in the site's time zone.");
        }

        if (notes.ImagesNotBrought > 0)
        {
            report.Remarks.Add($"{notes.ImagesNotBrought} images in bodies point at files that were not brought{(options.UploadsFolder is null ? " (no --uploads folder)" : "")}: they were removed, and their alt text kept as text in brackets.");
        }

        if (notes.ImagesToLinks > 0)
        {
            report.Remarks.Add($"{notes.ImagesToLinks} images on other hosts became links to them (our pages load nothing from other hosts).");
        }

        if (notes.FramesToLinks > 0)
        {
            report.Remarks.Add($"{notes.FramesToLinks} embedded frames became plain links (no third-party frames on our pages).");
        }

        if (notes.LinksRewritten + notes.MediaRewritten > 0)
        {
            report.Remarks.Add($"{notes.LinksRewritten} links to the old site now point at this site, and {notes.MediaRewritten} image and file addresses at our media.");
        }
    }

    /// <summary>
    /// A site running on the same data has imported pages cached; its publication watcher notices the settings
    /// row changed and evicts every cached page (as when settings are saved on another node).
    /// </summary>
    private async Task TellRunningSitesAsync(DateTime now, CancellationToken cancellationToken)
    {
        var row = await db.SiteSettings.FirstOrDefaultAsync(s => s.Id == 1, cancellationToken);
        if (row is null)
        {
            row = settings.Snapshot();
            db.SiteSettings.Add(row);
        }

        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Takes back the media files stored for a transaction that was not committed (the database store's went with it).</summary>
    private void DeleteFiles(List<string> files)
    {
        media.Discard([.. files]);
        files.Clear();
    }
}
