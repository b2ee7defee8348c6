using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Media;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Media;

/// <summary>
/// The media stores as an operator meets them through the real program: <c>media move</c> between the folder and the
/// database, and a backup of a site whose media are in the database restored into a fresh one. Images are uploaded
/// through the newsroom of the app in the test process; the program runs beside it on the same data.
/// </summary>
public abstract class MediaStoreCommandTests<TApp>(TApp app) : MediaProcessTest<TApp>(app) where TApp : NewsroomApp
{
    [Fact]
    public async Task Media_move_copies_the_folder_into_the_database_where_the_site_serves_the_same_bytes_and_a_second_run_copies_nothing()
    {
        var item = await UploadAsync("lighthouse.jpg");
        var files = item.FilePaths();
        var onDisk = files.ToDictionary(path => path, path => File.ReadAllBytes(Path.Combine(App.DataDir, "media", path)));
        var settings = SettingsOf(App);

        // Host options before the command, then between the command and its option: both work. The second run is the
        // one after the switch, for files uploaded in between.
        var moved = await ProgramProcess.RunAsync([.. Arguments(settings), "media", "move", "--to", "database"]);
        var again = await ProgramProcess.RunAsync(["media", "move", .. Arguments(settings), "--Broadsheet:Media:Store", "Database", "--to", "Database"]);

        Assert.True(moved.ExitCode == 0, moved.Output + moved.Error);
        Assert.Contains($"Copied {files.Count} media file(s)", moved.Output, StringComparison.Ordinal);
        Assert.Contains("Now set Broadsheet:Media:Store=Database", moved.Output, StringComparison.Ordinal);
        Assert.Contains("the source was left as it is", moved.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains($"Copied 0 media file(s) (0.0 MB) from {Path.Combine(App.DataDir, "media")} into the database; {files.Count} were already there.", again.Output, StringComparison.Ordinal);
        Assert.Contains("Broadsheet:Media:Store is already Database", again.Output, StringComparison.Ordinal);
        Assert.All(files, path => Assert.True(File.Exists(Path.Combine(App.DataDir, "media", path)), $"{path} should still be in the folder."));
        Assert.Equal(onDisk.Count, await App.WithDbAsync((db, _) => db.MediaFiles.CountAsync(f => files.Contains(f.Path))));

        // The site switched to the database store, with the folder out of reach, serves every file as it was.
        var empty = NewFolder();
        await using (var site = await AppProcess.StartAsync(new Dictionary<string, string>(settings)
        {
            ["Broadsheet:Media:Store"] = "Database",
            ["Broadsheet:Media:Folder"] = empty,
        }))
        {
            using var http = site.CreateHttpClient();
            foreach (var (path, bytes) in onDisk)
            {
                using var response = await http.GetAsync($"/media/{path}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(MediaSetup.CacheControl, response.Headers.CacheControl!.ToString());
                Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            }

            Assert.Empty(site.Errors);
        }

        // And back: the database's files into a new folder, byte for byte.
        var back = await ProgramProcess.RunAsync([.. Arguments(settings), "--Broadsheet:Media:Store", "Database", "--Broadsheet:Media:Folder", empty, "media", "move", "--to", "filesystem"]);
        Assert.True(back.ExitCode == 0, back.Output + back.Error);
        Assert.Contains($"Copied {files.Count} media file(s)", back.Output, StringComparison.Ordinal);
        Assert.Contains("Now set Broadsheet:Media:Store=FileSystem", back.Output, StringComparison.Ordinal);
        Assert.All(onDisk, file => Assert.Equal(file.Value, File.ReadAllBytes(Path.Combine(empty, file.Key))));
        Assert.DoesNotContain(Directory.EnumerateFiles(empty, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public async Task Media_move_with_a_store_it_does_not_know_is_a_usage_error_that_touches_nothing()
    {
        var settings = SettingsOf(App);
        var before = await App.WithDbAsync((db, _) => db.MediaFiles.CountAsync());

        var bad = await ProgramProcess.RunAsync(["media", "move", "--to", "s3", .. Arguments(settings)]);
        var missing = await ProgramProcess.RunAsync(["media", "move", .. Arguments(settings)]);
        var help = await ProgramProcess.RunAsync(["media", "move", "--help", .. Arguments(settings)]);

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--to must be database or filesystem, not 's3'.", bad.Error, StringComparison.Ordinal);
        Assert.Contains("Broadsheet media move --help", bad.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--to", missing.Error, StringComparison.Ordinal);
        Assert.True(help.ExitCode == 0, help.Error);
        Assert.Contains("--to <database|filesystem>", help.Output, StringComparison.Ordinal);
        Assert.Equal(before, await App.WithDbAsync((db, _) => db.MediaFiles.CountAsync()));
    }

    [Fact]
    public async Task A_site_with_an_unknown_media_store_refuses_to_start_naming_the_setting_and_the_stores_it_can_use()
    {
        var settings = new Dictionary<string, string>(SettingsOf(App)) { ["Broadsheet:Media:Store"] = "S3" };

        var site = await ProgramProcess.RunAsync(["--urls", $"http://127.0.0.1:{ProgramProcess.FreePort()}", .. Arguments(settings)], timeout: TimeSpan.FromSeconds(60));
        var command = await ProgramProcess.RunAsync(["users", "list", .. Arguments(settings)]);

        foreach (var result in new[] { site, command })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Broadsheet cannot start: Broadsheet:Media:Store must be FileSystem", result.Error, StringComparison.Ordinal);
            Assert.Contains("or Database", result.Error, StringComparison.Ordinal);
            Assert.Contains("It is 'S3'.", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // a message, not a stack trace
            Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        }
    }
}

public sealed class SqliteMediaStoreCommandTests(NewsroomApp app) : MediaStoreCommandTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresMediaStoreCommandTests(PostgresNewsroomApp app) : MediaStoreCommandTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
