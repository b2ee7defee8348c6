using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Import;
using Broadsheet.Media;
using Broadsheet.Tests.Import;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Broadsheet.Tests.Media;

/// <summary>The newsroom app with media kept in the database (<c>Broadsheet:Media:Store=Database</c>).</summary>
public class DatabaseMediaApp : NewsroomApp
{
    public DatabaseMediaApp() => Configure("Broadsheet:Media:Store", "Database");
}

public sealed class PostgresDatabaseMediaApp : DatabaseMediaApp
{
    public PostgresDatabaseMediaApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

public abstract class DatabaseMediaStoreTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : DatabaseMediaApp
{
    [Fact]
    public async Task An_uploaded_image_is_served_from_the_database_with_immutable_caching_and_304_and_nothing_on_disk()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var token = await author.GetTokenAsync("/newsroom/media");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.Jpeg(1200, 800));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "Upload", "harbour.jpg");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        using var uploaded = await author.Http.PostAsync("/newsroom/media", form);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);

        var item = await App.WithDbAsync((db, _) => db.MediaItems.OrderByDescending(m => m.Id).FirstAsync());
        using var original = await Client.GetAsync(item.Url);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", original.Headers.CacheControl!.ToString());
        Assert.Equal(item.Length, (await original.Content.ReadAsByteArrayAsync()).Length);

        using var variant = await Client.GetAsync(item.Url[..item.Url.LastIndexOf('.')] + "-960.webp");
        Assert.Equal(HttpStatusCode.OK, variant.StatusCode);
        Assert.Equal("image/webp", variant.Content.Headers.ContentType!.MediaType);

        using var again = new HttpRequestMessage(HttpMethod.Get, item.Url);
        again.Headers.IfNoneMatch.Add(original.Headers.ETag!);
        using var notModified = await Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/media/2026/01/nothing-here.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/media/..%2Fbroadsheet.db")).StatusCode);
        var media = Path.Combine(App.DataDir, "media");
        Assert.False(Directory.Exists(media) && Directory.EnumerateFiles(media, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task A_rejected_upload_leaves_no_stored_file_and_no_library_item_and_the_form_keeps_its_text_beside_the_reason()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var before = await CountsAsync();

        // The content decides, whatever the browser says the file is.
        using var page = await MediaUploads.UploadAsync(author, "<html><script>alert(1)</script></html>"u8.ToArray(), "page.html", "text/html", "A page, not a photo");
        using var pdf = await MediaUploads.UploadAsync(author, "%PDF-1.4 a document"u8.ToArray(), "scan.jpg", "image/jpeg", "A scan");
        using var broken = await MediaUploads.UploadAsync(author, TestImages.Jpeg(800, 600)[..400], "broken.jpg", "image/jpeg", "Half a picture");

        foreach (var (response, alt) in new[] { (page, "A page, not a photo"), (pdf, "A scan") })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("This file is not a JPEG, PNG, WebP or GIF image.", html, StringComparison.Ordinal);
            Assert.Contains(alt, html, StringComparison.Ordinal);
            Assert.Contains("Photo: Test Desk", html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.Contains("could not be read", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_WordPress_import_keeps_its_images_in_the_database_and_the_site_serves_them_from_there()
    {
        var uploads = TestUploads.Folder(("2022/05/quay.jpg", TestUploads.Image(SKEncodedImageFormat.Jpeg, 1200, 800)), ("2022/05/map.png", TestUploads.Image(SKEncodedImageFormat.Png, 300, 200)));
        var wxr = new WxrBuilder();
        var file = wxr
            .Attachment(810_001, "2022/05/quay.jpg", parent: 810_010, alt: "The quay")
            .Attachment(810_002, "2022/05/map.png", parent: 810_010)
            .Post(810_010, "Along the quay", $"""<img src="{wxr.Site}/wp-content/uploads/2022/05/map.png" alt="Map">""", slug: "along-the-quay-810", meta: WxrBuilder.Thumbnail(810_001))
            .Save();
        try
        {
            var report = await App.ImportAsync(file, uploads);

            Assert.Equal(2, report[ImportReport.Media].Imported);
            var items = await App.DbAsync(db => db.MediaItems.Where(m => m.WordPressId == 810_001 || m.WordPressId == 810_002).OrderBy(m => m.WordPressId).ToListAsync());
            Assert.Equal(2, items.Count);
            var stored = await App.DbAsync(db => db.MediaFiles.Select(f => f.Path).ToListAsync());
            Assert.All(items.SelectMany(i => i.FilePaths()), path => Assert.Contains(path, stored));
            var media = Path.Combine(App.DataDir, "media");
            Assert.False(Directory.Exists(media) && Directory.EnumerateFiles(media, "*", SearchOption.AllDirectories).Any());

            var article = await App.DbAsync(db => db.Articles.SingleAsync(a => a.WordPressId == 810_010));
            Assert.Equal(items[0].Url, article.ImageUrl);
            Assert.Contains($"src=\"{items[1].Url}\"", article.Body, StringComparison.Ordinal);
            foreach (var item in items)
            {
                using var image = await Client.GetAsync(item.Url);
                Assert.Equal(HttpStatusCode.OK, image.StatusCode);
                Assert.Equal(item.ContentType, image.Content.Headers.ContentType?.MediaType);
                var row = await App.DbAsync(db => db.MediaFiles.SingleAsync(f => f.Path == item.Path));
                Assert.Equal(row.Content, await image.Content.ReadAsByteArrayAsync());
            }
        }
        finally
        {
            Directory.Delete(uploads, recursive: true);
        }
    }

    [Fact]
    public async Task A_WordPress_import_stopped_halfway_leaves_no_image_in_the_database()
    {
        var uploads = TestUploads.Folder(("2022/06/stop.png", TestUploads.Image(SKEncodedImageFormat.Png, 60, 60)));
        var builder = new WxrBuilder().Attachment(820_001, "2022/06/stop.png");
        for (var i = 0; i < 120; i++)
        {
            builder.Post(820_010 + i, $"Story {i}", "Words.", slug: $"stopped-820-{i}");
        }

        var file = builder.Save();
        var before = await CountsAsync();
        using var stop = new CancellationTokenSource();
        var progress = new StopAt(p =>
        {
            if (p.Stage == "Importing" && p.Done == 100)
            {
                stop.Cancel();
            }
        });
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => App.WithDbAsync((_, services) =>
                services.GetRequiredService<WordPressImport>().ImportAsync(new WordPressImportOptions(file, uploads), progress, stop.Token)));

            Assert.Equal(before, await CountsAsync());
            Assert.Equal(0, await App.DbAsync(db => db.MediaItems.CountAsync(m => m.WordPressId == 820_001)));
        }
        finally
        {
            Directory.Delete(uploads, recursive: true);
        }
    }

    [Fact]
    public async Task Moving_hundreds_of_files_between_a_folder_and_the_database_copies_each_once_byte_for_byte_in_either_direction()
    {
        var source = Directory.CreateTempSubdirectory("broadsheet-move-from-").FullName;
        var target = Directory.CreateTempSubdirectory("broadsheet-move-to-").FullName;
        try
        {
            // More files than one lookup takes, each with its own bytes; a hidden half-written file is not one of them.
            var batch = $"bulk-{Guid.NewGuid():N}";
            var files = Enumerable.Range(0, 450).ToDictionary(i => $"{batch}/{i % 3}/{i:000}.png", i => TestImages.Png(2 + (i % 7), 2 + (i % 5)));
            foreach (var (path, bytes) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(source, path))!);
                await File.WriteAllBytesAsync(Path.Combine(source, path), bytes);
            }

            await File.WriteAllTextAsync(Path.Combine(source, ".left-over.png.partial"), "half");
            var reports = new List<(int Done, int Total)>();

            var first = await MoveAsync(source, (move, ct) => move.ToDatabaseAsync(new Recorder(reports), ct));
            var second = await MoveAsync(source, (move, ct) => move.ToDatabaseAsync(null, ct));

            Assert.Equal((450, 0), (first.Copied, first.AlreadyThere));
            Assert.Equal(files.Values.Sum(b => (long)b.Length), first.BytesCopied);
            Assert.Equal((0, 450), (second.Copied, second.AlreadyThere));
            Assert.Equal((450, 450), reports[^1]);
            Assert.True(reports.Count > 2, "Progress should be reported batch by batch.");
            var paths = files.Keys.ToList();
            var rows = await App.DbAsync(db => db.MediaFiles.AsNoTracking().Where(f => paths.Contains(f.Path)).ToListAsync());
            Assert.Equal(450, rows.Count);
            Assert.All(rows, row =>
            {
                Assert.Equal(files[row.Path], row.Content);
                Assert.Equal("image/png", row.ContentType);
            });

            var back = await MoveAsync(target, (move, ct) => move.ToFolderAsync(null, ct));
            var again = await MoveAsync(target, (move, ct) => move.ToFolderAsync(null, ct));

            Assert.Equal(0, again.Copied);
            Assert.Equal(back.Copied, again.AlreadyThere);
            Assert.All(files, file => Assert.Equal(file.Value, File.ReadAllBytes(Path.Combine(target, file.Key))));
            Assert.DoesNotContain(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith('.'));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(target, recursive: true);
        }
    }

    /// <summary>A move between the app's database and <paramref name="folder"/> (not the app's own media folder).</summary>
    private Task<MediaMove.Outcome> MoveAsync(string folder, Func<MediaMove, CancellationToken, Task<MediaMove.Outcome>> run) =>
        App.WithDbAsync((db, _) => run(
            new MediaMove(db, new FileSystemMediaStore(new MediaFolder(folder)), new DatabaseMediaStore(db, TimeProvider.System)), CancellationToken.None));

    private sealed class Recorder(List<(int Done, int Total)> reports) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => reports.Add(value);
    }

    private Task<(int Items, int Files)> CountsAsync() =>
        App.DbAsync(async db => (await db.MediaItems.CountAsync(), await db.MediaFiles.CountAsync()));

    private sealed class StopAt(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

public sealed class SqliteDatabaseMediaStoreTests(DatabaseMediaApp app) : DatabaseMediaStoreTests<DatabaseMediaApp>(app), IClassFixture<DatabaseMediaApp>;

public sealed class PostgresDatabaseMediaStoreTests(PostgresDatabaseMediaApp app) : DatabaseMediaStoreTests<PostgresDatabaseMediaApp>(app), IClassFixture<PostgresDatabaseMediaApp>;
