using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Import;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Broadsheet.Tests.Import;

/// <summary>Imports of small exports written for each test: media from an uploads folder, dry runs, accounts, and a run stopped halfway.</summary>
public abstract class WordPressImportTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : BroadsheetApp
{
    private static int nextBase = 700_000;

    /// <summary>WordPress ids no other test of the class uses.</summary>
    private static int NewBase() => Interlocked.Add(ref nextBase, 1000);

    [Fact]
    public async Task Uploads_go_through_the_media_library_and_bodies_and_old_addresses_point_at_them()
    {
        var b = NewBase();
        var uploads = TestUploads.Folder(("2021/03/harbour.jpg", TestUploads.Image(SKEncodedImageFormat.Jpeg, 800, 600)), ("2021/03/chart.png", TestUploads.Image(SKEncodedImageFormat.Png, 640, 480)),
            ("2021/03/notes.pdf", "%PDF-1.4 not an image"u8.ToArray()));
        var wxr = new WxrBuilder();
        var site = wxr.Site;
        var file = wxr
            .Attachment(b + 1, "2021/03/harbour.jpg", parent: b + 10, alt: "Boats in the harbour")
            .Attachment(b + 2, "2021/03/chart.png", parent: b + 10)
            .Attachment(b + 3, "2021/03/notes.pdf")
            .Post(b + 10, "Harbour pictures", $"""
                [caption id="attachment_{b + 1}" align="alignnone" width="300"]<a href="{site}/wp-content/uploads/2021/03/harbour.jpg"><img src="{site}/wp-content/uploads/2021/03/harbour-300x225.jpg" alt="Boats" width="300" height="225" /></a> The harbour at dawn[/caption]

                [gallery ids="{b + 1},{b + 2}"]

                A picture that was never uploaded: <img src="{site}/wp-content/uploads/2021/03/missing.jpg" alt="Lost picture">
                Read <a href="{site}/2021/03/04/other-post-{b}/">the other post</a>.
                """, slug: $"harbour-pictures-{b}", meta: WxrBuilder.Thumbnail(b + 1))
            .Post(b + 11, "Other post", "Text.", slug: $"other-post-{b}")
            .Save();

        var report = await App.ImportAsync(file, uploads);

        Assert.Equal(2, report[ImportReport.Media].Imported);
        Assert.Contains(report.Notes, n => n.What == ImportReport.Media && n.Examples.Contains("2021/03/notes.pdf"));
        var media = await App.DbAsync(db => db.MediaItems.Where(m => m.WordPressId == b + 1 || m.WordPressId == b + 2).OrderBy(m => m.WordPressId).ToListAsync());
        Assert.Equal([$"{site}/wp-content/uploads/2021/03/harbour.jpg", $"{site}/wp-content/uploads/2021/03/chart.png"], media.Select(m => m.SourceUrl));
        Assert.Equal("Boats in the harbour", media[0].Alt);
        Assert.NotEmpty(media[0].Variants);

        var articles = await App.DbAsync(db => db.Articles.Where(a => a.WordPressId == b + 10 || a.WordPressId == b + 11).OrderBy(a => a.WordPressId).ToListAsync());
        var body = articles[0].Body;
        Assert.DoesNotContain("old.example.com", body, StringComparison.Ordinal);
        Assert.Contains($"src=\"{media[0].Url}\"", body, StringComparison.Ordinal);
        Assert.Contains($"href=\"{media[0].Url}\"", body, StringComparison.Ordinal);
        Assert.Contains("<figcaption>The harbour at dawn</figcaption>", body, StringComparison.Ordinal);
        Assert.Contains($"src=\"{media[1].Url}\"", body, StringComparison.Ordinal);
        Assert.Contains("[Lost picture]", body, StringComparison.Ordinal);
        Assert.Contains($"href=\"{App.Services.GetRequiredService<Broadsheet.Site.SiteCalendar>().ArticlePath(articles[1].PublishedAt!.Value, articles[1].Slug)}\"", body, StringComparison.Ordinal);
        Assert.Equal(media[0].Url, articles[0].ImageUrl);
        Assert.Equal(media[0].Id, articles[0].MediaItemId);

        var redirect = await App.DbAsync(db => db.Redirects.SingleAsync(r => r.Path == "/wp-content/uploads/2021/03/harbour.jpg"));
        Assert.Equal(media[0].Url, redirect.Target);
        var image = await Client.GetAsync(media[0].Url);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        await App.AssertRendersAsync([App.Services.GetRequiredService<Broadsheet.Site.SiteCalendar>().ArticlePath(articles[0].PublishedAt!.Value, articles[0].Slug)]);
    }

    [Fact]
    public async Task A_dry_run_reports_what_the_import_would_do_and_writes_nothing()
    {
        var b = NewBase();
        var uploads = TestUploads.Folder(("2021/03/one.png", TestUploads.Image(SKEncodedImageFormat.Png, 100, 80)));
        var file = new WxrBuilder()
            .Attachment(b + 1, "2021/03/one.png")
            .Post(b + 10, "Dry run story", "Words.", slug: $"dry-run-{b}", categories: WxrBuilder.Category($"dry-{b}", "Dry section"),
                comments: WxrBuilder.Comment(b + 20, "Reader", "Hello") + WxrBuilder.Comment(b + 21, "Pinger", "Linked", type: "pingback"))
            .Post(b + 11, "Dry page", "About us.", type: "page", slug: $"dry-page-{b}")
            .Save();
        var before = await App.TotalsAsync();

        var dry = await App.ImportAsync(file, uploads, dryRun: true);

        Assert.Equal(before, await App.TotalsAsync());
        var real = await App.ImportAsync(file, uploads);
        Assert.Equal(real.Rows.Select(r => (r.What, r.Counts.Imported, r.Counts.Skipped)), dry.Rows.Select(r => (r.What, r.Counts.Imported, r.Counts.Skipped)));
        Assert.Equal(1, dry[ImportReport.Articles].Imported);
        Assert.Equal(1, dry[ImportReport.Media].Imported);
        Assert.NotEqual(before, await App.TotalsAsync());
    }

    [Fact]
    public async Task Create_accounts_makes_a_disabled_author_account_with_a_reset_link_and_mails_nobody()
    {
        var b = NewBase();
        var file = new WxrBuilder().Post(b + 10, "Bylined story", "Words.", slug: $"bylined-{b}").Save();
        var outbox = await App.DbAsync(db => db.Outbox.CountAsync());

        var report = await App.ImportAsync(file, createAccounts: true);

        var (email, link) = Assert.Single(report.ResetLinks);
        Assert.Equal("editor@old.example.com", email);
        Assert.Contains("/newsroom/reset-password?user=", link, StringComparison.Ordinal);
        var user = await App.DbAsync(db => db.Users.Include(u => u.Author).SingleAsync(u => u.Email == email));
        Assert.True(user.IsDisabled);
        Assert.Equal("Erin Editor", user.Author!.Name);
        var byline = await App.DbAsync(db => db.Articles.Where(a => a.WordPressId == b + 10).SelectMany(a => a.Bylines).Select(x => x.AuthorId).SingleAsync());
        Assert.Equal(user.AuthorId, byline);
        Assert.Equal(outbox, await App.DbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Comments_keep_their_status_kind_author_details_and_text_with_line_breaks()
    {
        var b = NewBase();
        var file = new WxrBuilder().Post(b + 10, "Discussed story", "Words.", slug: $"discussed-{b}", comments:
            WxrBuilder.Comment(b + 20, "Ann", "<p>First line<br />second line</p><p>New <a href=\"https://example.net/x\">link</a> &amp; more</p>")
            + WxrBuilder.Comment(b + 21, "Bob", "Held", approved: "0", parent: b + 20)
            + WxrBuilder.Comment(b + 22, "Spammer", "Buy", approved: "spam")
            + WxrBuilder.Comment(b + 23, "Gone", "Bye", approved: "trash")
            + WxrBuilder.Comment(b + 24, "Blog", "Tracked", type: "trackback")).Save();

        await App.ImportAsync(file);

        var comments = await App.DbAsync(db => db.Comments.Where(c => c.Article.WordPressId == b + 10).ToDictionaryAsync(c => c.WordPressId!.Value));
        Assert.Equal("First line\nsecond line\n\nNew link (https://example.net/x) & more", comments[b + 20].Body);
        Assert.Equal(CommentStatus.Approved, comments[b + 20].Status);
        Assert.Equal(CommentStatus.Pending, comments[b + 21].Status);
        Assert.Equal(comments[b + 20].Id, comments[b + 21].ParentId);
        Assert.Equal(CommentStatus.Spam, comments[b + 22].Status);
        Assert.Equal(CommentStatus.Trash, comments[b + 23].Status);
        Assert.Equal(CommentKind.Trackback, comments[b + 24].Kind);
        Assert.Equal($"reader{b + 20}@example.org", comments[b + 20].AuthorEmail);
        Assert.Equal($"https://reader.example.org/{b + 20}", comments[b + 20].AuthorUrl);
        Assert.Equal($"192.0.2.{(b + 20) % 250}", comments[b + 20].AuthorIp);
        Assert.Equal(new DateTime(2021, 3, 5, 9, 0, 0, DateTimeKind.Utc), comments[b + 20].CreatedAt);
    }

    [Fact]
    public async Task An_import_stopped_halfway_writes_nothing_and_leaves_no_media_files()
    {
        var b = NewBase();
        var uploads = TestUploads.Folder(("2021/03/stop.png", TestUploads.Image(SKEncodedImageFormat.Png, 50, 50)));
        var builder = new WxrBuilder().Attachment(b + 1, "2021/03/stop.png");
        for (var i = 0; i < 120; i++)
        {
            builder.Post(b + 10 + i, $"Story {i}", "Words.", slug: $"stopped-{b}-{i}");
        }

        var file = builder.Save();
        var before = await App.TotalsAsync();
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Stage == "Importing" && p.Done == 100)
            {
                stop.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => App.WithDbAsync((_, services) =>
            services.GetRequiredService<WordPressImport>().ImportAsync(new WordPressImportOptions(file, uploads), progress, stop.Token)));

        Assert.Equal(before, await App.TotalsAsync());
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

public sealed class SqliteWordPressImportTests(SqliteApp app) : WordPressImportTests<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresWordPressImportTests(PostgresApp app) : WordPressImportTests<PostgresApp>(app), IClassFixture<PostgresApp>;

/// <summary>A copy of wp-content/uploads for a test, with real image bytes.</summary>
public static class TestUploads
{
    public static byte[] Image(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(30, 90, 160));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    public static string Folder(params (string Path, byte[] Bytes)[] files)
    {
        var root = Directory.CreateTempSubdirectory("wp-uploads-").FullName;
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        return root;
    }
}
