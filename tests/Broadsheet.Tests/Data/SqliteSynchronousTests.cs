using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Data;

/// <summary><c>Broadsheet:Database:SqliteSynchronous</c> as an operator meets it through the real program.</summary>
public sealed class SqliteSynchronousTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-synchronous-").FullName;

    [Fact]
    public async Task A_site_with_an_unknown_sqlite_synchronous_setting_refuses_to_start_naming_the_setting_and_its_values()
    {
        string[] settings = ["--Broadsheet:DataDir", dataDir, "--Broadsheet:Database:SqliteSynchronous", "Off"];

        var site = await ProgramProcess.RunAsync(["--urls", $"http://127.0.0.1:{ProgramProcess.FreePort()}", .. settings], timeout: TimeSpan.FromSeconds(60));
        var command = await ProgramProcess.RunAsync(["users", "list", .. settings]);

        foreach (var result in new[] { site, command })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Broadsheet cannot start: Broadsheet:Database:SqliteSynchronous is 'Off'; use Normal", result.Error, StringComparison.Ordinal);
            Assert.Contains("or Full", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // a message, not a stack trace
            Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_site_set_to_full_synchronous_starts_and_lists_its_users()
    {
        var result = await ProgramProcess.RunAsync(["users", "list", "--Broadsheet:DataDir", dataDir, "--Broadsheet:Database:SqliteSynchronous", "full"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    public void Dispose() => Directory.Delete(dataDir, recursive: true);
}

/// <summary>What the setting does to the connections the running site uses.</summary>
public sealed class SqliteConnectionSettingsTests(SqliteApp app) : AppTest<SqliteApp>(app), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Every_connection_the_site_opens_runs_in_wal_mode_with_normal_synchronous_even_when_reused_from_the_pool()
    {
        for (var i = 0; i < 5; i++)
        {
            // Each WithDbAsync is a new context whose connection comes back from the pool: the setting must still hold.
            var (journal, synchronous) = await App.WithDbAsync(async (db, _) =>
            (
                await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode()").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT synchronous AS \"Value\" FROM pragma_synchronous()").SingleAsync()));

            Assert.Equal("wal", journal);
            Assert.Equal(1, synchronous); // NORMAL: a commit waits for the disk only at checkpoints
        }
    }
}
