using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Backup;

/// <summary>
/// <c>backup</c> and <c>restore</c> as an operator runs them: the real program beside a running site that readers keep
/// commenting on, then a fresh data folder (and database) that a second site starts on.
/// </summary>
public abstract class BackupRestoreTests(bool onPostgres) : IAsyncLifetime
{
    private readonly List<string> folders = [];
    private readonly List<PostgresTestDatabase> databases = [];

    [Fact]
    public async Task A_backup_taken_while_comments_are_posted_restores_into_a_fresh_site_with_every_comment_acknowledged_before_it()
    {
        var original = await NewSiteAsync();
        var archive = Path.Combine(NewFolder(), "site.tar.gz");
        int articleId;
        int[] acknowledgedBefore;
        await using (var site = await AppProcess.StartAsync(original))
        {
            articleId = await WithDbAsync(original, db => db.Articles.Where(a => a.Status == ArticleStatus.Published && a.CommentsOpen).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
            var acknowledged = new List<int>();
            using var stop = new CancellationTokenSource();
            var posting = Task.Run(async () =>
            {
                using var reader = new Commenter(site.CreateHttpClient(), clock: null);
                var article = new Article { Id = articleId, Headline = "", Slug = "", Body = "" };
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    using var posted = await reader.PostAsync(article, $"Comment {n}, posted while the backup runs.", name: $"Reader {n}", email: $"reader{n}@example.org");
                    Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
                    lock (acknowledged)
                    {
                        acknowledged.Add(Commenter.IdFrom(posted));
                    }
                }
            });
            while (Count(acknowledged) < 5 && !posting.IsCompleted)
            {
                await Task.Delay(50);
            }

            lock (acknowledged)
            {
                acknowledgedBefore = [.. acknowledged];
            }

            var backup = await AppProcess.RunCommandAsync(original, "", "backup", archive);
            var acknowledgedByTheEnd = Count(acknowledged);
            await stop.CancelAsync();
            await posting;

            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
            Assert.Contains($"to {archive}", backup.Output, StringComparison.Ordinal);
            Assert.Contains("holds the site's secret keys", backup.Error, StringComparison.Ordinal);
            Assert.True(acknowledgedByTheEnd > acknowledgedBefore.Length, "The site should have gone on taking comments while the backup ran.");
            Assert.Empty(site.Errors);
        }

        var manifest = ReadManifest(archive);
        Assert.Equal(onPostgres ? "PostgreSQL" : "Sqlite", manifest.GetProperty("provider").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive)); // it holds the keys
        }

        var fresh = await NewSiteAsync();
        var restored = await AppProcess.RunCommandAsync(fresh, "", "restore", archive);
        Assert.True(restored.ExitCode == 0, restored.Output + restored.Error);
        Assert.Contains("Restored the backup", restored.Output, StringComparison.Ordinal);

        await using (var site = await AppProcess.StartAsync(fresh))
        {
            var comments = await WithDbAsync(fresh, db => db.Comments.Where(c => c.ArticleId == articleId).Select(c => c.Id).ToListAsync());
            Assert.All(acknowledgedBefore, id => Assert.Contains(id, comments));
            Assert.Equal(manifest.GetProperty("counts").GetProperty("comments").GetInt64(), await WithDbAsync(fresh, db => db.Comments.LongCountAsync()));
            Assert.Equal(manifest.GetProperty("counts").GetProperty("articles").GetInt64(), await WithDbAsync(fresh, db => db.Articles.LongCountAsync()));
            Assert.Equal(0, await WithDbAsync(fresh, db => db.Comments.CountAsync(c => c.ParentId != null && !db.Comments.Any(p => p.Id == c.ParentId))));

            using var http = site.CreateHttpClient();
            using var shortLink = await http.GetAsync($"/?p={articleId}");
            Assert.Equal(HttpStatusCode.MovedPermanently, shortLink.StatusCode);
            using var page = await http.GetAsync(shortLink.Headers.Location);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Empty(site.Errors);
        }

        Assert.Equal(KeyFiles(original), KeyFiles(fresh));
    }

    [Fact]
    public async Task Restore_refuses_a_site_already_there_without_force_touching_nothing_and_replaces_it_with_force()
    {
        var original = await NewSiteAsync();
        var archive = Path.Combine(NewFolder(), "before-the-account.tar.gz");
        await using (var site = await AppProcess.StartAsync(original))
        {
            var backup = await AppProcess.RunCommandAsync(original, "", "backup", archive);
            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        }

        var created = await AppProcess.RunCommandAsync(original, "a long enough passphrase",
            "users", "create", "--email", "late@example.org", "--name", "Came Later", "--role", "Editor");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        var databaseBefore = onPostgres ? null : Fingerprint(original);

        var refused = await AppProcess.RunCommandAsync(original, "", "restore", archive);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error, StringComparison.Ordinal);
        if (databaseBefore is not null)
        {
            Assert.Equal(databaseBefore, Fingerprint(original)); // before this test opens it to look
        }

        Assert.Equal(1, await WithDbAsync(original, db => db.Users.CountAsync(u => u.Email == "late@example.org")));

        Assert.DoesNotContain(Directory.GetDirectories(original["Broadsheet:DataDir"]), d => Path.GetFileName(d).StartsWith(".restore", StringComparison.Ordinal));

        var forced = await AppProcess.RunCommandAsync(original, "", "restore", "--force", archive);

        Assert.True(forced.ExitCode == 0, forced.Output + forced.Error);
        Assert.Equal(0, await WithDbAsync(original, db => db.Users.CountAsync(u => u.Email == "late@example.org")));
        await using (var site = await AppProcess.StartAsync(original))
        {
            using var http = site.CreateHttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
            Assert.Empty(site.Errors);
        }
    }

    [Fact]
    public async Task Restore_of_something_that_is_not_a_backup_fails_with_a_message()
    {
        var fresh = await NewSiteAsync();
        var bogus = Path.Combine(NewFolder(), "not-a-backup.tar.gz");
        await File.WriteAllTextAsync(bogus, "just text");

        var result = await AppProcess.RunCommandAsync(fresh, "", "restore", bogus);
        var missing = await AppProcess.RunCommandAsync(fresh, "", "restore", bogus + ".nowhere");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a Broadsheet backup", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no file", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fresh["Broadsheet:DataDir"], "broadsheet.db")));
    }

    private static int Count(List<int> acknowledged)
    {
        lock (acknowledged)
        {
            return acknowledged.Count;
        }
    }

    private string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("broadsheet-backup-test-").FullName;
        folders.Add(folder);
        return folder;
    }

    private async Task<Dictionary<string, string>> NewSiteAsync()
    {
        var settings = new Dictionary<string, string>(CommentApp.CommentSettings)
        {
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Broadsheet:DataDir"] = NewFolder(),
            // The process runs on the real clock, where a reader's writing time cannot be simulated.
            ["Broadsheet:Comments:MinimumFillTime"] = "00:00:00",
        };
        if (onPostgres)
        {
            var database = new PostgresTestDatabase();
            await database.CreateAsync();
            databases.Add(database);
            settings["Broadsheet:Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Broadsheet"] = database.ConnectionString;
        }

        return settings;
    }

    private static async Task<T> WithDbAsync<T>(Dictionary<string, string> settings, Func<BroadsheetDb, Task<T>> query)
    {
        await using BroadsheetDb db = settings.TryGetValue("ConnectionStrings:Broadsheet", out var connectionString)
            ? new PostgresBroadsheetDb(new DbContextOptionsBuilder<PostgresBroadsheetDb>().UseNpgsql(connectionString).Options)
            : new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>()
                .UseSqlite($"Data Source={Path.Combine(settings["Broadsheet:DataDir"], "broadsheet.db")};Mode=ReadOnly;Pooling=false").Options);
        return await query(db);
    }

    private static JsonElement ReadManifest(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var first = tar.GetNextEntry()!;
        Assert.Equal("manifest.json", first.Name);
        return JsonDocument.Parse(first.DataStream!).RootElement.Clone();
    }

    private static List<string> KeyFiles(Dictionary<string, string> settings)
    {
        var keys = Path.Combine(settings["Broadsheet:DataDir"], "keys");
        return [.. Directory.GetFiles(keys).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")];
    }

    private static string Fingerprint(Dictionary<string, string> settings)
    {
        var folder = settings["Broadsheet:DataDir"];
        return string.Join(",", Directory.GetFiles(folder, "broadsheet.db*").Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in databases)
        {
            await database.DropAsync();
        }

        foreach (var folder in folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class SqliteBackupRestoreTests() : BackupRestoreTests(onPostgres: false);

public sealed class PostgresBackupRestoreTests() : BackupRestoreTests(onPostgres: true);
