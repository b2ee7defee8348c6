using System.Data.Common;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Media;
using Broadsheet.StaticPages;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Broadsheet.Backup;

/// <summary>
/// Counts and the schema version read with plain SQL on any connection: the copy a backup made (SQLite) or the
/// snapshot pg_dump reads (PostgreSQL), so the manifest describes exactly what the archive holds. Table names come
/// from the EF model, never from input.
/// </summary>
internal static class DatabaseFacts
{
    public static async Task<(BackupCounts Counts, string? SchemaVersion)> ReadAsync(
        DbConnection connection, DbTransaction? transaction, IModel model, int mediaFiles, int keyFiles, CancellationToken cancellationToken)
    {
        async Task<long> CountAsync(Type entity)
        {
            var table = model.FindEntityType(entity)!.GetTableName()!;
            // A database the program has not migrated yet may lack a table of the current model: it holds none of those rows.
            // (Asked first rather than caught: on PostgreSQL a failed statement would end the snapshot's transaction.)
            var exists = connection is Microsoft.Data.Sqlite.SqliteConnection
                ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
                : $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'";
            if (Convert.ToInt64(await ScalarAsync(connection, transaction, exists, cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return 0;
            }

            return Convert.ToInt64(await ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM \"{table}\"", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var counts = new BackupCounts(
            await CountAsync(typeof(Article)), await CountAsync(typeof(Comment)), await CountAsync(typeof(StaticPage)),
            await CountAsync(typeof(MediaItem)), await CountAsync(typeof(NewsroomUser)), await CountAsync(typeof(Subscriber)),
            // Media files are those of the folder and those kept in the database (Broadsheet:Media:Store=Database).
            mediaFiles + (int)await CountAsync(typeof(MediaFile)), keyFiles);
        var schema = await ScalarAsync(connection, transaction,
            "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\" DESC LIMIT 1", cancellationToken) as string;
        return (counts, schema);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
