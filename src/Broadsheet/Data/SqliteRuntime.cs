using Microsoft.Data.Sqlite;

namespace Broadsheet.Data;

/// <summary>SQLite's settings for the whole process, made once before its first connection opens.</summary>
internal static class SqliteRuntime
{
    private static int configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1)
        {
            return;
        }

        // Loads the native library (Microsoft.Data.Sqlite does it once, when its first connection is made).
        new SqliteConnection().Dispose();

        // The bundled SQLite keeps memory statistics, which takes one process-wide mutex on every allocation it makes:
        // with several requests reading at once, its threads queued on that lock. Nothing here reads the statistics.
        // SQLite accepts this only before it is initialized; when a connection came first (tests host several apps in
        // one process), it says so and keeps its default.
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }
}
