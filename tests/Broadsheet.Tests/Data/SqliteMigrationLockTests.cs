using Broadsheet.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Broadsheet.Tests.Data;

/// <summary>
/// EF Core's migration lock on SQLite, as an operator meets it when a start was killed while it migrated: an upgrade,
/// so the database is left with the program's last migration still to apply (a database with nothing to apply is never
/// locked, see the last test).
/// </summary>
public sealed class SqliteMigrationLockTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-migration-lock-").FullName;

    private string Database => Path.Combine(dataDir, "broadsheet.db");

    [Fact]
    public async Task A_lock_left_by_a_process_killed_while_it_migrated_is_removed_with_a_warning_and_the_site_starts()
    {
        await MigrateAsync();
        var last = await UndoLastMigrationAsync();
        Execute("INSERT INTO __EFMigrationsLock (Id, Timestamp) VALUES (1, '2026-12-04 13:28:27.806106+00:00')");

        // Before, this waited for the row without end and without a word.
        var command = await ProgramProcess.RunAsync(["users", "list", "--Broadsheet:DataDir", dataDir], timeout: TimeSpan.FromSeconds(60));

        Assert.True(command.ExitCode == 0, command.Output + command.Error);
        Assert.Contains("Removed a migration lock left in the database by a Broadsheet process that stopped while it migrated", command.Output + command.Error, StringComparison.Ordinal);
        Assert.Equal(0L, Count("__EFMigrationsLock"));
        Assert.Equal(1L, Scalar($"SELECT count(*) FROM __EFMigrationsHistory WHERE MigrationId = '{last}'"));

        await UndoLastMigrationAsync();
        Execute("INSERT INTO __EFMigrationsLock (Id, Timestamp) VALUES (1, '2026-12-04 13:28:27.806106+00:00')");
        var port = ProgramProcess.FreePort();
        using var site = ProgramProcess.Start(["--urls", $"http://127.0.0.1:{port}", "--Broadsheet:DataDir", dataDir]);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var answered = false;
            for (var deadline = DateTime.UtcNow.AddSeconds(60); !answered && DateTime.UtcNow < deadline && !site.HasExited;)
            {
                try
                {
                    answered = (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }

            Assert.True(answered, "the site did not answer /healthz within 60 s");
            Assert.Equal(0L, Count("__EFMigrationsLock"));
            Assert.Equal(1L, Scalar($"SELECT count(*) FROM __EFMigrationsHistory WHERE MigrationId = '{last}'"));
        }
        finally
        {
            site.Kill(entireProcessTree: true);
            await site.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_process_that_finds_another_migrating_says_so_waits_and_then_goes_on()
    {
        await MigrateAsync();
        await UndoLastMigrationAsync();
        Task<ProgramProcess.Result> waiting;
        // The test stands in for the other process: it holds the lock file that a migrating process holds.
        using (new FileStream(Database + ".migrating", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            waiting = ProgramProcess.RunAsync(["users", "list", "--Broadsheet:DataDir", dataDir], timeout: TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.False(waiting.IsCompleted, "the command did not wait for the other process's migration");
        }

        var result = await waiting;
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Another Broadsheet process is migrating this database", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_nothing_to_migrate_is_used_at_once_even_while_another_process_holds_the_lock()
    {
        await MigrateAsync();
        Task<ProgramProcess.Result> command;
        using (new FileStream(Database + ".migrating", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            command = ProgramProcess.RunAsync(["users", "list", "--Broadsheet:DataDir", dataDir], timeout: TimeSpan.FromSeconds(60));
            var finished = await Task.WhenAny(command, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(finished == command, "the command waited for a lock it did not need");
        }

        var result = await command;
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.DoesNotContain("Another Broadsheet process is migrating", result.Output + result.Error, StringComparison.Ordinal);
    }

    /// <summary>Takes the database back to the previous release's schema; returns the migration that is then pending.</summary>
    private async Task<string> UndoLastMigrationAsync()
    {
        await using var db = SqliteDataDir.Open(dataDir);
        return (await db.UndoLastMigrationAsync()).Pending;
    }

    private async Task MigrateAsync()
    {
        var first = await ProgramProcess.RunAsync(["users", "list", "--Broadsheet:DataDir", dataDir]);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Count(string table) => Scalar($"SELECT count(*) FROM \"{table}\"");

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => Directory.Delete(dataDir, recursive: true);
}
