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
/// snapshot pg_dump reads (PostgreSQL), so the manifest describes exactly what the archive holds.
/// </summary>
internal static class DatabaseFacts
{
    public static async Task<(BackupCounts Counts, string? SchemaVersion)> ReadAsync(
        DbConnection connection, DbTransaction? transaction, IModel model, int mediaFiles, int keyFiles, CancellationToken cancellationToken)
    {
        async Task<long> CountAsync(Type entity)
        {
            var table = model.FindEntityType(entity)!.GetTableName();
            return Convert.ToInt64(await ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM \"{table}\"", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var counts = new BackupCounts(
            await CountAsync(typeof(Article)), await CountAsync(typeof(Comment)), await CountAsync(typeof(StaticPage)),
            await CountAsync(typeof(MediaItem)), await CountAsync(typeof(NewsroomUser)), await CountAsync(typeof(Subscriber)),
            mediaFiles, keyFiles);
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
