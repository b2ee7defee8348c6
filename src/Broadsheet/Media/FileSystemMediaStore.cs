using Microsoft.AspNetCore.StaticFiles;

namespace Broadsheet.Media;

/// <summary>
/// Media files in a folder: the data folder's <c>media/</c>, or <c>Broadsheet:Media:Folder</c> (a mount every node
/// shares, such as NFS). Served by the static file middleware.
/// </summary>
public sealed class FileSystemMediaStore(MediaFolder folder) : IMediaStore
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public void Add(IReadOnlyList<MediaFileContent> files)
    {
        var written = new List<string>();
        try
        {
            foreach (var file in files)
            {
                var path = FullPath(file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // CreateNew: a clash of names must never overwrite another article's picture.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                written.Add(path);
                stream.Write(file.Content);
            }
        }
        catch
        {
            foreach (var path in written)
            {
                File.Delete(path);
            }

            throw;
        }
    }

    public void Discard(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            try
            {
                File.Delete(FullPath(path));
            }
            catch (IOException)
            {
                // Left behind: an unreferenced file in the media folder is harmless.
            }
        }
    }

    public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        Discard(paths);
        return Task.CompletedTask;
    }

    public Task<StoredMediaFile?> FindAsync(string path, CancellationToken cancellationToken)
    {
        if (!MediaStores.IsValidPath(path) || new FileInfo(FullPath(path)) is not { Exists: true } file)
        {
            return Task.FromResult<StoredMediaFile?>(null);
        }

        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        return Task.FromResult<StoredMediaFile?>(new StoredMediaFile(path, contentType, file.Length, file.LastWriteTimeUtc));
    }

    public async Task<bool> CopyToAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        if (!MediaStores.IsValidPath(path) || !File.Exists(FullPath(path)))
        {
            return false;
        }

        await using var file = File.OpenRead(FullPath(path));
        await file.CopyToAsync(destination, cancellationToken);
        return true;
    }

    /// <summary>Every file in the folder, as paths under <c>/media/</c> (not the hidden ones <see cref="WriteAsync"/> is still filling).</summary>
    public IEnumerable<string> List() => Directory.Exists(folder.Root)
        ? Directory.EnumerateFiles(folder.Root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Select(f => Path.GetRelativePath(folder.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(MediaStores.IsValidPath)
        : [];

    /// <summary>
    /// Writes a file whose bytes come from elsewhere (another store) as they are read, under a hidden name first so
    /// a half-written file is never served or listed; false, writing nothing, when the path already has a file or
    /// <paramref name="copy"/> finds no bytes to give.
    /// </summary>
    public async Task<bool> WriteAsync(string path, Func<Stream, Task<bool>> copy, DateTimeOffset storedAt, CancellationToken cancellationToken)
    {
        var target = FullPath(path);
        if (File.Exists(target))
        {
            return false;
        }

        var folderPath = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folderPath);
        // The static file middleware never serves names that start with a dot.
        var partial = Path.Combine(folderPath, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                if (!await copy(stream))
                {
                    return false;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            // Keeps the time the file was first stored, which its Last-Modified header gives.
            File.SetLastWriteTimeUtc(partial, storedAt.UtcDateTime);
            File.Move(partial, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another run wrote it meanwhile: the same bytes, as a path never changes.
            return false;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private string FullPath(string path)
    {
        if (!MediaStores.IsValidPath(path))
        {
            throw new ArgumentException($"'{path}' is not a media path.", nameof(path));
        }

        return Path.Combine(folder.Root, path.Replace('/', Path.DirectorySeparatorChar));
    }
}

/// <summary>The folder of the file store: <c>Broadsheet:Media:Folder</c>, or the data folder's <c>media/</c>.</summary>
public sealed class MediaFolder(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
}
