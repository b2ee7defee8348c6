using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Data;

/// <summary>Told of every statement <see cref="SqliteStatements"/> runs (the tests count a page's commands with it).</summary>
public interface IStatementObserver
{
    void Executed(string sql);
}

/// <summary>
/// Prepared statements kept from one request to the next, for the few reads every uncached article page makes on
/// SQLite. Microsoft.Data.Sqlite compiles a command's SQL afresh each time it runs, and a connection's statements
/// are finalized when it closes (as a pooled EF context's does after each request): compiling the article's and its
/// discussion's SQL was half of those reads' time, more than running them. Here a few read-only connections stay
/// open, each with its statements compiled once; a statement that runs reads the latest committed data (WAL) and
/// holds no transaction open afterwards. With PostgreSQL (<see cref="Enabled"/> false) callers use EF Core.
/// <para>
/// Kept means compiled once. SQLite compiles a statement again on its next run whenever a parameter its plan looked at
/// is bound anew, even to the same value, and the SQLite this app ships (3.53) plans with a bound <c>LIMIT</c>'s
/// value: the discussion's first rows, a discussion page and the latest articles that fill More Articles were compiled
/// afresh on every render (8% of an uncached article page's CPU in a <c>perf</c> profile, 2026-12-06). These
/// connections turn on SQLite's query planner stability guarantee (<c>SQLITE_DBCONFIG_ENABLE_QPSG</c>): a statement's
/// plan is made from its text alone, and kept.
/// </para>
/// </summary>
public sealed class SqliteStatements : IDisposable
{
    /// <summary><c>SQLITE_STMTSTATUS_REPREPARE</c>: how many times SQLite compiled a statement again.</summary>
    private const int RepreparedStatus = 5;

    private readonly string? connectionString;
    private readonly IStatementObserver[] observers;
    private readonly ConcurrentBag<Session> idle = [];
    private readonly int keep = Math.Max(2, Environment.ProcessorCount * 2);
    private int idleCount;
    private volatile bool disposed;

    public SqliteStatements(string? connectionString, IEnumerable<IStatementObserver> observers)
    {
        this.observers = [.. observers];
        if (connectionString is not null)
        {
            this.connectionString = new SqliteConnectionStringBuilder(connectionString)
            {
                Mode = SqliteOpenMode.ReadWrite,
                // Long-lived: the pool would only hold them twice.
                Pooling = false,
            }.ToString();
        }
    }

    public bool Enabled => connectionString is not null;

    /// <summary>
    /// <see cref="List"/> on SQLite; on PostgreSQL the same SQL through EF Core's <c>SqlQueryRaw</c>, whose rows are
    /// mapped by column name (so <typeparamref name="T"/>'s properties are named as the columns).
    /// </summary>
    public async Task<List<T>> ListAsync<T>(
        BroadsheetDb db, string sql, object[] args, Func<SqliteDataReader, T> read, CancellationToken cancellationToken) =>
        Enabled ? List(sql, args, read) : await db.Database.SqlQueryRaw<T>(sql, args).ToListAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="sql"/>, written with EF Core's <c>{0}</c>, <c>{1}</c>… placeholders (so that the same
    /// text serves <c>SqlQueryRaw</c> on PostgreSQL), with <paramref name="args"/>, and reads each row.
    /// </summary>
    public List<T> List<T>(string sql, ReadOnlySpan<object?> args, Func<SqliteDataReader, T> read)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
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
            foreach (var observer in observers)
            {
                observer.Executed(sql);
            }

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

        return new Session(connectionString ?? throw new InvalidOperationException("Prepared statements are kept for SQLite only."));
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
