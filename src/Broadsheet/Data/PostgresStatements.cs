using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Broadsheet.Data;

/// <summary>
/// The PostgreSQL side of <see cref="KeptStatements"/>: raw SQL through an <see cref="NpgsqlDataSource"/> of the app's
/// connection string, with positional parameters (<c>$1</c>…), which Npgsql sends as they are. The connection string's
/// automatic preparation (<c>Max Auto Prepare</c>, <see cref="DataSetup"/>) keeps them prepared on each pooled
/// connection. A class of its own so that a SQLite site never loads Npgsql's assembly (README, "Memory"): only this
/// class's code names its types. Its two entry points are never inlined: inlined into the caller's state machine (which
/// the SQLite side runs too) at the JIT's final tier, an async method's own state machine, whose fields are Npgsql's
/// batch and reader, had to be laid out, and that loaded the assembly after a few thousand SQLite requests.
/// </summary>
internal sealed class PostgresStatements(string connectionString) : IDisposable
{
    private static readonly ConcurrentDictionary<string, string> Texts = new();
    private readonly NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);

    [MethodImpl(MethodImplOptions.NoInlining)] // see the class's summary
    public async Task<List<T>> ListAsync<T>(string sql, object?[] args, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(Command(sql, args));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, read, cancellationToken);
    }

    /// <summary>
    /// Two or three statements in one round trip (an <see cref="NpgsqlBatch"/>): each round trip cost the app 100–200 µs
    /// of CPU on an uncached article at 100,000 articles (sending, waking on the answer, resuming the request), more
    /// than a statement's own work.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // see the class's summary
    public async Task<(List<T1> First, List<T2> Second, List<T3> Third)> ListAsync<T1, T2, T3>(
        KeptStatement<T1> first, KeptStatement<T2> second, KeptStatement<T3>? third, CancellationToken cancellationToken)
    {
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(Command(first.Sql, first.Args));
        batch.BatchCommands.Add(Command(second.Sql, second.Args));
        if (third is not null)
        {
            batch.BatchCommands.Add(Command(third.Sql, third.Args));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var firstRows = await ReadAsync(reader, first.Read, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var secondRows = await ReadAsync(reader, second.Read, cancellationToken);
        List<T3> thirdRows = [];
        if (third is not null)
        {
            await reader.NextResultAsync(cancellationToken);
            thirdRows = await ReadAsync(reader, third.Read, cancellationToken);
        }

        return (firstRows, secondRows, thirdRows);
    }

    public void Dispose() => source.Dispose();

    private static NpgsqlBatchCommand Command(string sql, object?[] args)
    {
        var command = new NpgsqlBatchCommand(Texts.GetOrAdd(sql, Text));
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>EF Core's placeholders as PostgreSQL's positional parameters: {0} is $1.</summary>
    private static string Text(string sql) =>
        string.Format(CultureInfo.InvariantCulture, sql, [.. Enumerable.Range(1, 8).Select(i => string.Create(CultureInfo.InvariantCulture, $"${i}"))]);

    private static async Task<List<T>> ReadAsync<T>(DbDataReader reader, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
