using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Media;

/// <summary>
/// Copies every media file from one store to the other (<c>media move</c>), so an installation can change
/// <c>Broadsheet:Media:Store</c> without losing a picture. Files already in the target are skipped, so a second run
/// (after the switch, for files uploaded meanwhile) copies only what is missing. The source is never changed.
/// </summary>
public sealed class MediaMove(BroadsheetDb db, FileSystemMediaStore folder, DatabaseMediaStore database)
{
    /// <summary>Paths looked up in the target at once.</summary>
    private const int PathsPerLookup = 200;

    /// <summary>Bytes held before they are written to the database: a batch, never the whole library.</summary>
    private const long BytesPerBatch = 16 * 1024 * 1024;

    /// <summary>The longest content type the table keeps; longer ones (never an image) are stored as plain bytes.</summary>
    private const int ContentTypeLength = 50;

    public sealed record Outcome(int Copied, int AlreadyThere, long BytesCopied);

    /// <summary>Copies the folder's files into the database, in batches of at most <see cref="BytesPerBatch"/>.</summary>
    public async Task<Outcome> ToDatabaseAsync(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var paths = folder.List().Order(StringComparer.Ordinal).ToList();
        var (copied, already, bytes, pending) = (0, 0, 0L, 0L);
        foreach (var chunk in paths.Chunk(PathsPerLookup))
        {
            var present = (await db.MediaFiles.AsNoTracking().Where(f => chunk.Contains(f.Path)).Select(f => f.Path).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var path in chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (present.Contains(path) || await folder.FindAsync(path, cancellationToken) is not { } file)
                {
                    // Already copied, or deleted from the folder since it was listed.
                    already += present.Contains(path) ? 1 : 0;
                    continue;
                }

                using var content = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
                if (!await folder.CopyToAsync(path, content, cancellationToken))
                {
                    continue;
                }

                db.MediaFiles.Add(new MediaFile
                {
                    Path = path,
                    ContentType = file.ContentType.Length <= ContentTypeLength ? file.ContentType : "application/octet-stream",
                    Content = content.ToArray(),
                    Length = content.Length,
                    StoredAt = file.StoredAt.UtcDateTime,
                });
                copied++;
                bytes += content.Length;
                pending += content.Length;
                if (pending >= BytesPerBatch)
                {
                    await SaveBatchAsync(cancellationToken);
                    pending = 0;
                }
            }

            await SaveBatchAsync(cancellationToken);
            pending = 0;
            progress?.Report((copied + already, paths.Count));
        }

        progress?.Report((paths.Count, paths.Count));
        return new Outcome(copied, already, bytes);
    }

    /// <summary>Copies the database's files into the folder, each streamed from its row to its file.</summary>
    public async Task<Outcome> ToFolderAsync(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        // Only the paths are held (not the bytes), and read before any file is: one query at a time per connection.
        var paths = await database.ListAsync().ToListAsync(cancellationToken);
        var (copied, already, bytes) = (0, 0, 0L);
        for (var i = 0; i < paths.Count; i++)
        {
            var path = paths[i];
            // A row deleted since it was listed is skipped (its image was deleted from the library).
            if (await database.FindAsync(path, cancellationToken) is { } file)
            {
                if (await folder.WriteAsync(path, stream => database.CopyToAsync(path, stream, cancellationToken), file.StoredAt, cancellationToken))
                {
                    copied++;
                    bytes += file.Length;
                }
                else
                {
                    already++;
                }
            }

            if ((i + 1) % PathsPerLookup == 0)
            {
                progress?.Report((i + 1, paths.Count));
            }
        }

        progress?.Report((paths.Count, paths.Count));
        return new Outcome(copied, already, bytes);
    }

    private async Task SaveBatchAsync(CancellationToken cancellationToken)
    {
        using (await SqliteWriteGate.EnterAsync(db, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        // Lets go of the batch's bytes.
        db.ChangeTracker.Clear();
    }
}
