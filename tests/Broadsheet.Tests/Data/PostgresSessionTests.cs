using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Data;

/// <summary>
/// The app's PostgreSQL sessions price parallel workers high, so a page's small queries are not given workers that cost
/// more to start than the query takes (a 5,000-comment discussion counted in 50 ms instead of 4 at 100,000 articles), and
/// prepare the statements they send again and again, so PostgreSQL does not parse and plan a page's queries on every
/// request (4.0 against 1.6 ms of PostgreSQL's CPU for an uncached demo article).
/// </summary>
public sealed class PostgresSessionTests(PostgresApp app) : AppTest<PostgresApp>(app), IClassFixture<PostgresApp>
{
    [Fact]
    public async Task The_apps_sessions_start_with_a_high_parallel_setup_cost()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();

        var cost = await db.Database.SqlQueryRaw<string>("SELECT current_setting('parallel_setup_cost') AS \"Value\"").SingleAsync();

        Assert.Equal("10000", cost);
    }

    [Fact]
    public async Task A_statement_the_app_sends_again_and_again_is_prepared_on_its_connection()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        await db.Database.OpenConnectionAsync();
        try
        {
            // Npgsql prepares a statement the fifth time a connection sends it.
            for (var i = 0; i < 6; i++)
            {
                await db.Sections.AsNoTracking().Where(s => s.Slug == "prepared-" + i).CountAsync();
            }

            var prepared = await db.Database.SqlQueryRaw<string>(
                "SELECT statement AS \"Value\" FROM pg_prepared_statements WHERE NOT from_sql").ToListAsync();

            Assert.Contains(prepared, s => s.Contains("\"Sections\"", StringComparison.Ordinal));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [Fact]
    public void Settings_the_operator_gave_in_the_connection_string_are_kept()
    {
        var none = new Npgsql.NpgsqlConnectionStringBuilder(DataSetup.WithSessionDefaults("Host=db;Database=broadsheet"));
        var own = new Npgsql.NpgsqlConnectionStringBuilder(DataSetup.WithSessionDefaults("Host=db;Database=broadsheet;Options=-c work_mem=64MB;Max Auto Prepare=0"));
        var spelled = new Npgsql.NpgsqlConnectionStringBuilder(DataSetup.WithSessionDefaults("Host=db;Database=broadsheet;maxautoprepare=10"));

        Assert.Equal("-c parallel_setup_cost=10000", none.Options);
        Assert.Equal(DataSetup.AutoPrepared, none.MaxAutoPrepare);
        Assert.Equal("-c work_mem=64MB", own.Options);
        Assert.Equal(0, own.MaxAutoPrepare);
        Assert.Equal(10, spelled.MaxAutoPrepare);
    }
}
