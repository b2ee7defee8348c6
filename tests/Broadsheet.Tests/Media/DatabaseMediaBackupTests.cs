using System.Net;
using Broadsheet.Media;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Media;

/// <summary><c>backup</c> and <c>restore</c> of a site that keeps its media in the database: the images travel inside the database's copy.</summary>
public abstract class DatabaseMediaBackupTests<TApp>(TApp app) : MediaProcessTest<TApp>(app) where TApp : DatabaseMediaApp
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
}

public sealed class SqliteDatabaseMediaBackupTests(DatabaseMediaApp app) : DatabaseMediaBackupTests<DatabaseMediaApp>(app), IClassFixture<DatabaseMediaApp>;

public sealed class PostgresDatabaseMediaBackupTests(PostgresDatabaseMediaApp app) : DatabaseMediaBackupTests<PostgresDatabaseMediaApp>(app), IClassFixture<PostgresDatabaseMediaApp>;
