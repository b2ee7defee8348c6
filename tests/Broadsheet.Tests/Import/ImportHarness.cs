using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Import;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace Broadsheet.Tests.Import;

/// <summary>Runs the importer inside a test app, and counts what the site holds.</summary>
public static class ImportHarness
{
    public sealed record Totals(int Articles, int Comments, int Pages, int Media, int Redirects, int Sections, int Tags, int Authors, int Users, int MediaFiles);

    public static Task<ImportReport> ImportAsync(this BroadsheetApp app, string file, string? uploads = null, bool dryRun = false, bool createAccounts = false) =>
        app.WithDbAsync((_, services) => services.GetRequiredService<WordPressImport>().ImportAsync(new WordPressImportOptions(file, uploads, dryRun, createAccounts)));

    public static Task<Totals> TotalsAsync(this BroadsheetApp app) => app.WithDbAsync(async (db, _) => new Totals(
        await db.Articles.CountAsync(), await db.Comments.CountAsync(), await db.StaticPages.CountAsync(), await db.MediaItems.CountAsync(),
        await db.Redirects.CountAsync(), await db.Sections.CountAsync(), await db.Tags.CountAsync(), await db.Authors.CountAsync(), await db.Users.CountAsync(),
        Directory.Exists(Path.Combine(app.DataDir, "media")) ? Directory.GetFiles(Path.Combine(app.DataDir, "media"), "*", SearchOption.AllDirectories).Length : 0));

    /// <summary>A fresh app of its own (for a file whose WordPress ids would meet another file's in a shared database).</summary>
    public static async Task<SqliteApp> StartFreshAsync()
    {
        var app = new SqliteApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        return app;
    }

    public static Task StopAsync(this BroadsheetApp app) => ((IAsyncLifetime)app).DisposeAsync();

    /// <summary>The public address of every imported article that readers can see now.</summary>
    public static Task<List<(int WordPressId, string Path)>> PublishedPathsAsync(this BroadsheetApp app, IEnumerable<int>? wordPressIds = null) =>
        app.WithDbAsync(async (db, services) =>
        {
            var calendar = services.GetRequiredService<SiteCalendar>();
            var now = DateTime.UtcNow;
            var ids = wordPressIds?.ToList();
            var rows = await db.Articles.AsNoTracking()
                .Where(a => a.WordPressId != null && a.Status == ArticleStatus.Published && a.PublishedAt <= now)
                .Select(a => new { a.WordPressId, a.PublishedAt, a.Slug }).ToListAsync();
            return rows.Where(r => ids is null || ids.Contains(r.WordPressId!.Value))
                .Select(r => (r.WordPressId!.Value, calendar.ArticlePath(r.PublishedAt!.Value, r.Slug))).ToList();
        });

    public static async Task AssertRendersAsync(this BroadsheetApp app, IEnumerable<string> paths)
    {
        using var client = app.CreateHttpClient();
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var response = await client.GetAsync(path);
            if ((int)response.StatusCode != 200)
            {
                failures.Add($"{path}: {(int)response.StatusCode}");
            }
        }

        if (failures.Count > 0)
        {
            throw new XunitException($"{failures.Count} imported articles did not render:\n{string.Join("\n", failures.Take(20))}");
        }
    }

    public static Task<T> DbAsync<T>(this BroadsheetApp app, Func<BroadsheetDb, Task<T>> query) => app.WithDbAsync((db, _) => query(db));
}
