using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Backup;

/// <summary>A backup made before the program's last migration: restored by a newer program, the site migrates it when it starts.</summary>
public sealed class OlderBackupTests : IDisposable
{
    private readonly string originalDir = Directory.CreateTempSubdirectory("broadsheet-old-").FullName;
    private readonly string freshDir = Directory.CreateTempSubdirectory("broadsheet-new-").FullName;

    private static Dictionary<string, string> Settings(string dataDir) => new()
    {
        ["environment"] = "Production",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Broadsheet:DataDir"] = dataDir,
    };

    [Fact]
    public async Task A_backup_from_before_the_last_migration_restores_and_the_site_migrates_it_when_it_starts()
    {
        await using (var site = await AppProcess.StartAsync(Settings(originalDir)))
        {
            Assert.Empty(site.Errors);
        }

        string previous;
        int articles;
        await using (var db = SqliteDataDir.Open(originalDir))
        {
            // The database as the previous release of the program left it.
            (previous, _) = await db.UndoLastMigrationAsync();
            articles = await db.Articles.CountAsync();
        }

        var archive = Path.Combine(originalDir, "older.tar.gz");
        var backup = await AppProcess.RunCommandAsync(Settings(originalDir), "", "backup", archive);
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        Assert.Equal(previous, Manifest(archive).GetProperty("schemaVersion").GetString());

        var restored = await AppProcess.RunCommandAsync(Settings(freshDir), "", "restore", archive);
        Assert.True(restored.ExitCode == 0, restored.Output + restored.Error);

        await using (var site = await AppProcess.StartAsync(Settings(freshDir)))
        {
            using var http = site.CreateHttpClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
            Assert.Empty(site.Errors);
        }

        await using (var db = SqliteDataDir.Open(freshDir))
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(articles, await db.Articles.CountAsync());
        }
    }

    private static JsonElement Manifest(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        return JsonDocument.Parse(tar.GetNextEntry()!.DataStream!).RootElement.Clone();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(originalDir, recursive: true);
        Directory.Delete(freshDir, recursive: true);
    }
}
