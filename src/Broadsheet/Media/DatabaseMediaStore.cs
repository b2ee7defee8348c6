using System.Data;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Broadsheet.Media;

/// <summary>
/// Media files as rows of <c>MediaFiles</c> (bytea on PostgreSQL, a blob on SQLite), for nodes that share no disk.
/// Rows are added through the request's context, so an upload or an import saves its files with its media items
/// in one transaction: a failure leaves no row behind.
/// </summary>
public sealed class DatabaseMediaStore(BroadsheetDb db, TimeProvider time) : IMediaStore
{
    public void Add(IReadOnlyList<MediaFileContent> files)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var file in files)
        {
            db.MediaFiles.Add(new MediaFile
            {
                Path = file.Path,
                ContentType = file.ContentType,
                Content = file.Content,
                Length = file.Content.Length,
                StoredAt = now,
            });
        }
    }

    public void Discard(IReadOnlyList<string> paths)
    {
        // The rows were never committed; forget those still waiting in the context, so a later save cannot write them.
        foreach (var entry in db.ChangeTracker.Entries<MediaFile>().Where(e => e.State == EntityState.Added && paths.Contains(e.Entity.Path)).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    public async Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        await db.MediaFiles.Where(f => paths.Contains(f.Path)).ExecuteDeleteAsync(cancellationToken);

    public async Task<StoredMediaFile?> FindAsync(string path, CancellationToken cancellationToken)
    {
        if (!MediaStores.IsValidPath(path))
        {
            return null;
        }

        var file = await db.MediaFiles.AsNoTracking().Where(f => f.Path == path)
            .Select(f => new { f.ContentType, f.Length, f.StoredAt }).FirstOrDefaultAsync(cancellationToken);
        return file is null ? null
            : new StoredMediaFile(path, file.ContentType, file.Length, new DateTimeOffset(DateTime.SpecifyKind(file.StoredAt, DateTimeKind.Utc)));
    }

    public async Task<bool> CopyToAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        if (!MediaStores.IsValidPath(path))
        {
            return false;
        }

        // Plain ADO.NET, because EF would load the whole array first: with sequential access Npgsql streams the bytea
        // from the socket as it is copied out. (Microsoft.Data.Sqlite reads the blob of the one row into memory, from
        // a local file.)
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT \"Content\" FROM \"MediaFiles\" WHERE \"Path\" = @path";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@path";
            parameter.Value = path;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            await using var content = reader.GetStream(0);
            await content.CopyToAsync(destination, cancellationToken);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Every file in the table, as paths under <c>/media/</c>.</summary>
    public IAsyncEnumerable<string> ListAsync() => db.MediaFiles.AsNoTracking().OrderBy(f => f.Path).Select(f => f.Path).AsAsyncEnumerable();
}
