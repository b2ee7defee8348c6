using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Data;

/// <summary>
/// EF Core marks a SQLite database as being migrated with a row in <c>__EFMigrationsLock</c>, which nothing removes when
/// the migrating process is killed (a first start stopped by a service manager's timeout): every later start then
/// waited for that row without end, and without a word in the log. Here each process that migrates also holds an
/// operating-system lock on a file beside the database, which the system lets go when the process ends however it
/// ends. A process that holds it is the only one migrating, so a row it finds then was left by one that died, and is
/// removed with a warning; while another process holds it, this one says so and waits.
/// </summary>
internal static partial class SqliteMigrationLock
{
    public static async Task<IAsyncDisposable?> TakeAsync(BroadsheetDb db, ILogger logger, CancellationToken cancellationToken)
    {
        var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:")
        {
            return null;
        }

        var lockFile = Path.GetFullPath(path) + ".migrating";
        var waiting = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix: released when the process ends. The empty
                // file stays: deleting it on release would let a waiting process lock the deleted file while a third
                // locks a new one, and both would think themselves alone.
                var held = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                try
                {
                    await RemoveLeftLockAsync(db, logger, cancellationToken);
                }
                catch
                {
                    await held.DisposeAsync();
                    throw;
                }

                return held;
            }
            catch (IOException exception) when (IsHeldByAnotherProcess(exception) && !cancellationToken.IsCancellationRequested)
            {
                if (!waiting)
                {
                    waiting = true;
                    LogWaiting(logger, lockFile);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The lock is taken: EWOULDBLOCK from flock (11 on Linux, 35 on macOS), a sharing or lock violation on Windows.
    /// Any other failure (a missing folder, a read-only disk, no permission) is the operator's to fix, and stops the
    /// start with its message instead of waiting for ever.
    /// </summary>
    private static bool IsHeldByAnotherProcess(IOException exception)
        => exception.GetType() == typeof(IOException)
            && exception.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static async Task RemoveLeftLockAsync(BroadsheetDb db, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }

            await using var remove = connection.CreateCommand();
            remove.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
            if (await remove.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                LogRemoved(logger);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed a migration lock left in the database by a Broadsheet process that stopped while it migrated; migrating now.")]
    private static partial void LogRemoved(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another Broadsheet process is migrating this database (it holds {LockFile}); waiting for it to finish.")]
    private static partial void LogWaiting(ILogger logger, string lockFile);
}
