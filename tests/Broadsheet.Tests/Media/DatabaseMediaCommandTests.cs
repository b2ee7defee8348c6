using System.Net;
using Broadsheet.Media;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Media;

/// <summary>Commands on a site that keeps its media in the database: <c>backup</c> and <c>restore</c> (the images travel inside the database's copy), and <c>media move</c> when it cannot write.</summary>
public abstract class DatabaseMediaCommandTests<TApp>(TApp app) : MediaProcessTest<TApp>(app) where TApp : DatabaseMediaApp
{
    [Fact]
    public async Task An_image_kept_in_the_database_is_in_the_backup_and_the_restored_site_serves_it_with_the_same_bytes()
    {
        var item = await UploadAsync("pier.jpg");
        var name = item.Path[..item.Path.LastIndexOf('.')];
        var stored = await App.WithDbAsync((db, _) => db.MediaFiles.AsNoTracking().Where(f => f.Path.StartsWith(name))
            .ToDictionaryAsync(f => f.Path, f => f.Content));
        Assert.Equal(item.FilePaths().Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        var archive = Path.Combine(NewFolder(), "site.tar.gz");

        var backup = await AppProcess.RunCommandAsync(SettingsOf(App), "", "backup", archive);

        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        // The manifest's count names the files kept in the database too.
        Assert.Matches(@"; [1-9]\d* media files", backup.Output);
        var counted = int.Parse(System.Text.RegularExpressions.Regex.Match(backup.Output, @"; (\d+) media files").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(await App.WithDbAsync((db, _) => db.MediaFiles.CountAsync()), counted);

        var fresh = await FreshSiteAsync();
        var restored = await AppProcess.RunCommandAsync(fresh, "", "restore", archive);
        Assert.True(restored.ExitCode == 0, restored.Output + restored.Error);

        await using var site = await AppProcess.StartAsync(new Dictionary<string, string>(fresh) { ["Broadsheet:Media:Store"] = "Database" });
        using var http = site.CreateHttpClient();
        foreach (var (path, bytes) in stored)
        {
            using var response = await http.GetAsync($"/media/{path}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(MediaSetup.CacheControl, response.Headers.CacheControl!.ToString());
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        }

        Assert.False(Directory.Exists(Path.Combine(fresh["Broadsheet:DataDir"], "media"))
            && Directory.EnumerateFiles(Path.Combine(fresh["Broadsheet:DataDir"], "media"), "*", SearchOption.AllDirectories).Any());
        Assert.Empty(site.Errors);
    }

    [Fact]
    public async Task Media_move_into_a_folder_it_cannot_write_says_why_and_that_a_new_run_takes_up_the_rest()
    {
        await UploadAsync("cliff.jpg");
        var notAFolder = Path.Combine(NewFolder(), "a-file");
        await File.WriteAllTextAsync(notAFolder, "a file where the media folder should be");

        string[] settings = [.. Arguments(SettingsOf(App)), "--Broadsheet:Media:Folder", Path.Combine(notAFolder, "media")];

        var result = await ProgramProcess.RunAsync(["media", "move", "--to", "filesystem", .. settings, "--Broadsheet:Media:Store", "Database"]);
        // The same folder for a site on the folder store stops it at start.
        var site = await ProgramProcess.RunAsync(["--urls", $"http://127.0.0.1:{ProgramProcess.FreePort()}", .. settings], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The copy stopped:", result.Error, StringComparison.Ordinal);
        Assert.Contains("run the command again to copy the rest", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, site.ExitCode);
        Assert.Contains($"Broadsheet cannot start: The media folder {Path.Combine(notAFolder, "media")} cannot be made", site.Error, StringComparison.Ordinal);
        Assert.Contains("Broadsheet:Media:Folder", site.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", site.Error, StringComparison.Ordinal);
    }
}

public sealed class SqliteDatabaseMediaCommandTests(DatabaseMediaApp app) : DatabaseMediaCommandTests<DatabaseMediaApp>(app), IClassFixture<DatabaseMediaApp>;

public sealed class PostgresDatabaseMediaCommandTests(PostgresDatabaseMediaApp app) : DatabaseMediaCommandTests<PostgresDatabaseMediaApp>(app), IClassFixture<PostgresDatabaseMediaApp>;
