namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// A fresh database on the throwaway PostgreSQL server the test script starts and names in
/// BROADSHEET_TEST_POSTGRES; the tests fail (not skip) without it.
/// </summary>
public sealed class PostgresTestDatabase
{
    private readonly string admin = Environment.GetEnvironmentVariable("BROADSHEET_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "BROADSHEET_TEST_POSTGRES is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL server.");

    public PostgresTestDatabase() =>
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = Name }.ConnectionString;

    public string Name { get; } = $"broadsheet_test_{Guid.NewGuid():N}";

    /// <summary>The connection string the app is given (ConnectionStrings:Broadsheet).</summary>
    public string ConnectionString { get; }

    public Task CreateAsync() => ExecuteAsync($"CREATE DATABASE \"{Name}\"");

    public async Task DropAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
