using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Data;

/// <summary>
/// The app's PostgreSQL sessions price parallel workers high, so a page's small queries are not given workers that cost
/// more to start than the query takes (a 5,000-comment discussion counted in 50 ms instead of 4 at 100,000 articles).
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
    public void Options_the_operator_set_in_the_connection_string_are_kept()
    {
        var own = DataSetup.WithCostlyParallelQuery("Host=db;Database=broadsheet;Options=-c work_mem=64MB");
        var none = DataSetup.WithCostlyParallelQuery("Host=db;Database=broadsheet");

        Assert.Equal("-c work_mem=64MB", new Npgsql.NpgsqlConnectionStringBuilder(own).Options);
        Assert.Equal("-c parallel_setup_cost=10000", new Npgsql.NpgsqlConnectionStringBuilder(none).Options);
    }
}
