using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>A SQLite site's database, opened from outside the program, as an older release of it would have left it.</summary>
public static class SqliteDataDir
{
    /// <summary>The data folder's database, without connection pooling (so the file is free once the context is disposed).</summary>
    public static SqliteBroadsheetDb Open(string dataDir) =>
        new(new DbContextOptionsBuilder<SqliteBroadsheetDb>().UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Pooling=false").Options);

    /// <summary>
    /// Takes the database back to the schema of the program's previous release: its last migration undone. Returns that
    /// release's last migration and the one then pending.
    /// </summary>
    public static async Task<(string Previous, string Pending)> UndoLastMigrationAsync(this SqliteBroadsheetDb db)
    {
        var all = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(all[^2]);
        return (all[^2], all[^1]);
    }
}
