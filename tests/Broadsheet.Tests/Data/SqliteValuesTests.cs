using Broadsheet.Data;
using Microsoft.Data.Sqlite;

namespace Broadsheet.Tests.Data;

/// <summary>Times read back from the kept statements' rows, as a comment's or an article's date shows them.</summary>
public sealed class SqliteValuesTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-values-").FullName;

    public static TheoryData<string> StoredTimes => new()
    {
        "2026-11-19 09:16:52",
        "2026-11-19 09:16:52.5",
        "2026-11-19 09:16:52.123",
        "2026-11-19 09:16:52.1234567",
        "2024-02-29 23:59:59.9999999",
        "0001-01-01 00:00:00",
    };

    [Theory]
    [MemberData(nameof(StoredTimes))]
    public void The_form_ef_core_writes_is_read_as_the_same_utc_instant_the_general_parser_reads(string stored)
    {
        Assert.True(SqliteValues.TryReadStoredTime(stored, out var read));

        var expected = DateTime.SpecifyKind(DateTime.Parse(stored, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.Equal(expected, read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Theory]
    [InlineData("2026-11-19T09:16:52")]
    [InlineData("2026-11-19 09:16:52Z")]
    [InlineData("2026-11-19 09:16:52.")]
    [InlineData("2026-11-19 09:16:52.12345678")]
    [InlineData("2026-02-30 10:00:00")]
    [InlineData("2026-13-01 10:00:00")]
    [InlineData("2026-11-19 24:00:00")]
    [InlineData("2026-11-19 09:60:00")]
    [InlineData("+026-11-19 09:16:52")]
    [InlineData("2026-11-19 09:16:5x")]
    [InlineData("2026-11-19")]
    [InlineData("")]
    public void Any_other_text_is_left_to_the_general_parser(string stored) =>
        Assert.False(SqliteValues.TryReadStoredTime(stored, out _));

    [Fact]
    public void Times_written_by_the_provider_and_by_another_tool_read_back_as_the_moments_they_were()
    {
        var written = new DateTime(2026, 11, 19, 9, 16, 52, DateTimeKind.Utc).AddTicks(1_234_567);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "values.db")};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (n INTEGER, at TEXT); INSERT INTO t VALUES (2, '2026-11-19T09:16:52');";
            create.ExecuteNonQuery();
        }

        using (var insert = connection.CreateCommand())
        {
            // A DateTime parameter is written as the provider writes it (EF Core's form: the fraction without trailing zeros).
            insert.CommandText = "INSERT INTO t VALUES (1, $at), (3, $whole)";
            insert.Parameters.AddWithValue("$at", written);
            insert.Parameters.AddWithValue("$whole", written.AddTicks(-1_234_567));
            insert.ExecuteNonQuery();
        }

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT at FROM t ORDER BY n";
        using var reader = select.ExecuteReader();
        var times = new List<DateTime>();
        while (reader.Read())
        {
            times.Add(SqliteValues.Utc(reader, 0));
        }

        Assert.Equal([written, new DateTime(2026, 11, 19, 9, 16, 52, DateTimeKind.Utc), written.AddTicks(-1_234_567)], times);
        Assert.All(times, time => Assert.Equal(DateTimeKind.Utc, time.Kind));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }
}
