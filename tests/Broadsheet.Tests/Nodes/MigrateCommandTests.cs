using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Nodes;

/// <summary>Migrations as a deploy step: a node started with MigrateAtStartup=false waits, not ready, until <c>migrate</c> runs.</summary>
public abstract class MigrateCommandTests(string provider)
{
    [Fact]
    public async Task A_node_that_does_not_migrate_at_start_is_not_ready_until_the_migrate_command_runs()
    {
        var node = new NodeApp(provider, RedisTest.SharedConnectionString, RedisTest.UniquePrefix(), migrateAtStartup: false);
        await node.InitializeAsync();
        try
        {
            using var client = node.CreateHttpClient();
            using (var live = await client.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            using (var ready = await client.GetAsync("/healthz/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Contains("\"migrations\":\"Unhealthy\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Host options after the command and its option, then before them: both work.
            var listed = await ProgramProcess.RunAsync(["migrate", "--list", .. Settings(node)]);
            Assert.True(listed.ExitCode == 0, listed.Error);
            Assert.Matches(@"\d+ pending migration\(s\):", listed.Output);
            Assert.Contains("SeveralNodes", listed.Output, StringComparison.Ordinal);

            var commandBeforeMigrating = await ProgramProcess.RunAsync([.. Settings(node), "users", "list"]);
            Assert.Equal(1, commandBeforeMigrating.ExitCode);
            Assert.Contains("run 'Broadsheet migrate' first", commandBeforeMigrating.Error, StringComparison.Ordinal);

            using (var stillNotReady = await client.GetAsync("/healthz/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, stillNotReady.StatusCode);
            }

            var migrated = await ProgramProcess.RunAsync([.. Settings(node), "migrate"]);
            Assert.True(migrated.ExitCode == 0, migrated.Error);
            Assert.Matches(@"Applied \d+ migration\(s\):", migrated.Output);
            Assert.Contains("SeveralNodes", migrated.Output, StringComparison.Ordinal);

            using (var ready = await client.GetAsync("/healthz/ready"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Equal("""{"status":"Healthy","checks":{"database":"Healthy","migrations":"Healthy","redis":"Healthy"}}""", await ready.Content.ReadAsStringAsync());
            }

            var again = await ProgramProcess.RunAsync(["migrate", .. Settings(node)]);
            Assert.True(again.ExitCode == 0, again.Error);
            Assert.Contains("no migrations to apply", again.Output, StringComparison.Ordinal);

            var nothingPending = await ProgramProcess.RunAsync([.. Settings(node), "migrate", "--list"]);
            Assert.Contains("no pending migrations", nothingPending.Output, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)node).DisposeAsync();
        }
    }

    [Fact]
    public async Task Migrate_refuses_an_unknown_option_with_a_usage_error()
    {
        var result = await ProgramProcess.RunAsync(["migrate", "--bogus"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--bogus", result.Error, StringComparison.Ordinal);
        Assert.Contains("Broadsheet migrate --help", result.Error, StringComparison.Ordinal);
    }

    private string[] Settings(NodeApp node) => provider == "PostgreSQL"
        ? ["--Broadsheet:Database:Provider", "PostgreSQL", "--ConnectionStrings:Broadsheet", node.Postgres!.ConnectionString,
            "--Broadsheet:DataDir", node.SharedDataDir, "--Broadsheet:Database:MigrateAtStartup", "false", "--Logging:LogLevel:Default", "Warning"]
        : ["--Broadsheet:DataDir", node.SharedDataDir, "--Broadsheet:Database:MigrateAtStartup", "false", "--Logging:LogLevel:Default", "Warning"];
}

public sealed class SqliteMigrateCommandTests() : MigrateCommandTests("Sqlite");

public sealed class PostgresMigrateCommandTests() : MigrateCommandTests("PostgreSQL");
