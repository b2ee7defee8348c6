using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Broadsheet.Data;

/// <summary>A statement for <see cref="KeptStatements"/> to run with others: its SQL (EF Core's <c>{0}</c> placeholders), arguments and row reader.</summary>
public sealed record KeptStatement<T>(string Sql, object?[] Args, Func<DbDataReader, T> Read);

/// <summary>Told of every statement <see cref="KeptStatements"/> runs (the tests count a page's commands with it).</summary>
public interface IStatementObserver
{
    void Executed(string sql);
}

/// <summary>
/// The few reads every uncached article page makes, as SQL statements prepared once and kept from one request to the next
/// instead of EF Core queries. The same SQL text serves both databases where it can (written with EF Core's <c>{0}</c>,
/// <c>{1}</c>… placeholders); where SQLite and PostgreSQL differ (a list of ids is a JSON array for SQLite's
/// <c>json_each</c> and an array for PostgreSQL), the caller picks the text by <see cref="IsPostgres"/> and passes
/// <see cref="Ids"/>.
/// <para>
/// <b>SQLite:</b> Microsoft.Data.Sqlite compiles a command's SQL afresh each time it runs, and a connection's statements
/// are finalized when it closes (as a pooled EF context's does after each request): compiling the article's and its
/// discussion's SQL was half of those reads' time, more than running them. Here a few read-only connections stay open,
/// each with its statements compiled once; a statement that runs reads the latest committed data (WAL) and holds no
/// transaction open afterwards.
/// </para>
/// <para>
/// Kept means compiled once. SQLite compiles a statement again on its next run whenever a parameter its plan looked at
/// is bound anew, even to the same value, and the SQLite this app ships (3.53) plans with a bound <c>LIMIT</c>'s
/// value: the discussion's first rows, a discussion page and the latest articles that fill More Articles were compiled
/// afresh on every render (8% of an uncached article page's CPU in a <c>perf</c> profile, 2026-12-06). These
/// connections turn on SQLite's query planner stability guarantee (<c>SQLITE_DBCONFIG_ENABLE_QPSG</c>): a statement's
/// plan is made from its text alone, and kept.
/// </para>
/// <para>
/// <b>PostgreSQL:</b> the statements run through <see cref="PostgresStatements"/>, raw SQL with positional parameters,
/// prepared on each pooled connection. Through EF Core the same reads cost the app 1.4–1.6 ms of CPU an uncached article
/// at 100,000 articles, 0.9 ms of it for More Articles' LINQ query, whose expression tree grows one <c>UNION</c> per tag
/// and was hashed and compared on every render; here 0.53–0.69 ms, More Articles' page in one statement (README,
/// Benchmarks, twenty-first round).
/// </para>
/// </summary>
public sealed class KeptStatements : IDisposable
{
    /// <summary><c>SQLITE_STMTSTATUS_REPREPARE</c>: how many times SQLite compiled a statement again.</summary>
    private const int RepreparedStatus = 5;

    private readonly string? connectionString;
    private readonly PostgresStatements? postgres;
    private readonly IStatementObserver[] observers;
    private readonly ConcurrentBag<Session> idle = [];
    private readonly int keep = Math.Max(2, Environment.ProcessorCount * 2);
    private int idleCount;
    private volatile bool disposed;

    private KeptStatements(string? sqliteConnectionString, PostgresStatements? postgres, IEnumerable<IStatementObserver> observers)
    {
        this.observers = [.. observers];
        this.postgres = postgres;
        if (sqliteConnectionString is not null)
        {
            connectionString = new SqliteConnectionStringBuilder(sqliteConnectionString)
            {
                Mode = SqliteOpenMode.ReadWrite,
                // Long-lived: the pool would only hold them twice.
                Pooling = false,
            }.ToString();
        }
    }

    public static KeptStatements ForSqlite(string connectionString, IEnumerable<IStatementObserver> observers) =>
        new(connectionString, null, observers);

    public static KeptStatements ForPostgres(string connectionString, IEnumerable<IStatementObserver> observers) =>
        new(null, new PostgresStatements(connectionString), observers);

    /// <summary>Whether the statements go to PostgreSQL (else SQLite): for the few texts that differ.</summary>
    public bool IsPostgres => postgres is not null;

    /// <summary>A list of ids as a parameter: a JSON array for SQLite's <c>json_each</c>, an <c>int[]</c> for PostgreSQL.</summary>
    public object Ids(IEnumerable<int> ids) =>
        IsPostgres ? ids.ToArray() : "[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A stored time as UTC, from either database's rows (SQLite keeps it as text, PostgreSQL as <c>timestamptz</c>).</summary>
    public static DateTime Utc(DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader sqlite ? SqliteValues.Utc(sqlite, ordinal) : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <summary>
    /// Runs <paramref name="sql"/>, written with EF Core's <c>{0}</c>, <c>{1}</c>… placeholders, with
    /// <paramref name="args"/>, and reads each row. On SQLite it runs at once, on the calling thread (the file is local
    /// and the statement kept); on PostgreSQL asynchronously.
    /// </summary>
    public Task<List<T>> ListAsync<T>(string sql, object?[] args, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return postgres is null ? Task.FromResult(List(sql, args, read)) : ListPostgresAsync(postgres, sql, args, read, cancellationToken);
    }

    private async Task<List<T>> ListPostgresAsync<T>(
        PostgresStatements source, string sql, object?[] args, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = await source.ListAsync(sql, args, read, cancellationToken);
        Observed(sql);
        return rows;
    }

    /// <summary>
    /// Runs two or three statements whose arguments are all known, and reads each one's rows. On PostgreSQL they go in
    /// one round trip (<see cref="PostgresStatements"/>); on SQLite they run one after the other.
    /// </summary>
    public async Task<(List<T1> First, List<T2> Second, List<T3> Third)> ListAsync<T1, T2, T3>(
        KeptStatement<T1> first, KeptStatement<T2> second, KeptStatement<T3>? third, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (postgres is null)
        {
            return (List(first.Sql, first.Args, first.Read), List(second.Sql, second.Args, second.Read),
                third is null ? [] : List(third.Sql, third.Args, third.Read));
        }

        var rows = await postgres.ListAsync(first, second, third, cancellationToken);
        Observed(first.Sql);
        Observed(second.Sql);
        if (third is not null)
        {
            Observed(third.Sql);
        }

        return rows;
    }

    private void Observed(string sql)
    {
        foreach (var observer in observers)
        {
            observer.Executed(sql);
        }
    }

    private List<T> List<T>(string sql, object?[] args, Func<DbDataReader, T> read)
    {
        var session = Rent();
        var reusable = false;
        try
        {
            var command = session.Prepared(sql, args.Length);
            for (var i = 0; i < args.Length; i++)
            {
                command.Parameters[i].Value = args[i] ?? DBNull.Value;
            }

            var rows = new List<T>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(read(reader));
                }
            }

            reusable = true;
            Observed(sql);
            return rows;
        }
        finally
        {
            if (reusable)
            {
                Return(session);
            }
            else
            {
                // A failed statement may leave its connection in any state: it is not reused.
                session.Dispose();
            }
        }
    }

    private Session Rent()
    {
        if (idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref idleCount);
            return session;
        }

        return new Session(connectionString ?? throw new InvalidOperationException("Sessions are kept for SQLite only."));
    }

    private void Return(Session session)
    {
        // More requests at once than this once: the extra connections close rather than stay open idle.
        if (disposed || Interlocked.Increment(ref idleCount) > keep)
        {
            Interlocked.Decrement(ref idleCount);
            session.Dispose();
            return;
        }

        idle.Add(session);
        if (disposed && idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    /// <summary>
    /// How many times SQLite compiled again a statement kept on the idle connections: none, when they are kept as they
    /// should be. For tests, read while no request runs (it walks connections that a request could take meanwhile).
    /// </summary>
    internal int Recompilations() => idle.Sum(session => session.Recompilations());

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var session))
        {
            session.Dispose();
        }

        postgres?.Dispose();
    }

    /// <summary>One open connection and the statements compiled on it.</summary>
    private sealed class Session : IDisposable
    {
        private static readonly ConcurrentDictionary<string, string> Translated = new();
        private readonly SqliteConnection connection;
        private readonly Dictionary<string, SqliteCommand> commands = [];

        public Session(string connectionString)
        {
            connection = new SqliteConnection(connectionString);
            connection.Open();
            var handle = connection.Handle!;
            // Lets Recompilations walk the connection's statements; SQLitePCL then notes each one as it is compiled, once.
            handle.enable_sqlite3_next_stmt(true);
            if (SQLitePCL.raw.sqlite3_db_config(handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _) != SQLitePCL.raw.SQLITE_OK)
            {
                throw new InvalidOperationException("SQLite refused its query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG).");
            }

            using var setup = connection.CreateCommand();
            // Reads only; and a small page cache each (the operating system caches the file for all of them).
            setup.CommandText = "PRAGMA query_only = 1; PRAGMA cache_size = -1024;";
            setup.ExecuteNonQuery();
        }

        public SqliteCommand Prepared(string sql, int parameters)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = Translated.GetOrAdd(sql, Translate);
                for (var i = 0; i < parameters; i++)
                {
                    command.Parameters.Add(new SqliteParameter(Name(i), DBNull.Value));
                }

                command.Prepare();
                commands[sql] = command;
            }

            return command;
        }

        private static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"$p{index}");

        private static string Translate(string sql) =>
            string.Format(CultureInfo.InvariantCulture, sql, [.. Enumerable.Range(0, 8).Select(Name)]);

        public int Recompilations()
        {
            var total = 0;
            var handle = connection.Handle!;
            for (var statement = SQLitePCL.raw.sqlite3_next_stmt(handle, null); statement is { IsInvalid: false }; statement = SQLitePCL.raw.sqlite3_next_stmt(handle, statement))
            {
                total += SQLitePCL.raw.sqlite3_stmt_status(statement, RepreparedStatus, 0);
            }

            return total;
        }

        public void Dispose()
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
