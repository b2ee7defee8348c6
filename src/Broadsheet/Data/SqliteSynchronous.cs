using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Broadsheet.Data;

/// <summary>
/// Sets SQLite's <c>synchronous</c> on every connection the app opens (SQLite keeps it per connection, not in the
/// file). The database runs in WAL mode, where <c>FULL</c> waits for the disk on every commit: 5–10 ms on a virtual
/// disk, most of a comment post's time. With <c>NORMAL</c> a commit still survives the app crashing and the file is
/// never corrupted; the WAL is flushed at each checkpoint, so only a power cut or an operating-system crash can lose
/// the last commits before it. <c>Broadsheet:Database:SqliteSynchronous=Full</c> keeps every commit on disk at once.
/// </summary>
public sealed class SqliteSynchronous(string mode) : DbConnectionInterceptor
{
    public static readonly string[] Modes = ["Normal", "Full"];

    private readonly string pragma = $"PRAGMA synchronous={mode.ToUpperInvariant()};";

    /// <summary>
    /// The native connections already set. EF Core opens and closes its connection around each command, and the pool
    /// hands back the same native connection, which keeps the setting: once per native connection saves a statement
    /// on every query.
    /// </summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> applied = new();

    /// <summary>The interceptor for a configured value; an unknown value is a start-up problem that names the setting.</summary>
    public static SqliteSynchronous For(string? configured)
    {
        var mode = string.IsNullOrWhiteSpace(configured) ? "Normal" : configured.Trim();
        return Modes.Contains(mode, StringComparer.OrdinalIgnoreCase)
            ? new SqliteSynchronous(mode)
            : throw new Hosting.StartupProblemException(
                $"Broadsheet:Database:SqliteSynchronous is '{configured}'; use Normal (the default: a commit waits for the disk only at checkpoints) or Full (every commit waits for the disk).");
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Microsoft.Data.Sqlite runs every command synchronously; an async call would only add a state machine.
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        var native = (connection as Microsoft.Data.Sqlite.SqliteConnection)?.Handle;
        if (native is not null && applied.TryGetValue(native, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
        if (native is not null)
        {
            applied.TryAdd(native, native);
        }
    }
}
