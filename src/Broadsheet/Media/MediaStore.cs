namespace Broadsheet.Media;

/// <summary>
/// Where the bytes of media files live, so every node of a site reaches the same ones: a folder (the default, which
/// may be a mount shared by the nodes) or the database. Files are addressed by their path under <c>/media/</c>, the
/// same in either store, and never change once written (a new upload gets a new name).
/// </summary>
public interface IMediaStore
{
    /// <summary>
    /// Adds the files, all or none. The folder store writes them at once (the caller takes them back with
    /// <see cref="Discard"/> should its database work fail); the database store adds rows to the request's context,
    /// saved by the caller's <c>SaveChanges</c> with the media item, in its transaction.
    /// </summary>
    void Add(IReadOnlyList<MediaFileContent> files);

    /// <summary>Takes back files added for database work that failed. The database store has nothing to do: the rollback removed them.</summary>
    void Discard(IReadOnlyList<string> paths);

    /// <summary>Removes the files (those missing are skipped). The database store does it in the caller's transaction when one is open.</summary>
    Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>What is known of a file without reading its bytes; null when there is none at the path.</summary>
    Task<StoredMediaFile?> FindAsync(string path, CancellationToken cancellationToken);

    /// <summary>Copies a file's bytes to <paramref name="destination"/> as they are read; false when there is none at the path.</summary>
    Task<bool> CopyToAsync(string path, Stream destination, CancellationToken cancellationToken);
}

/// <summary>A file to store: its path under <c>/media/</c>, its type and its bytes.</summary>
public sealed record MediaFileContent(string Path, string ContentType, byte[] Content);

/// <summary>A stored file's facts, for serving it with validators and for moving it.</summary>
public sealed record StoredMediaFile(string Path, string ContentType, long Length, DateTimeOffset StoredAt);

/// <summary>The stores an installation chooses from with <c>Broadsheet:Media:Store</c>.</summary>
public static class MediaStores
{
    public const string FileSystem = "FileSystem";
    public const string Database = "Database";

    public const string Problem = "Broadsheet:Media:Store must be FileSystem (files in a folder, the default) or Database (files in the database, for nodes without a shared disk).";

    /// <summary>The start-up message for a value that names no store: the setting, what was given, and what is allowed.</summary>
    public static string ProblemWith(string value) => $"{Problem} It is '{value}'.";

    /// <summary>The store's canonical name, or null for a value that names none.</summary>
    public static string? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), FileSystem, StringComparison.OrdinalIgnoreCase) ? FileSystem
        : string.Equals(value.Trim(), Database, StringComparison.OrdinalIgnoreCase) ? Database
        : null;

    /// <summary>
    /// Whether <paramref name="path"/> can name a media file: relative, forward slashes, no empty, dot or dot-dot
    /// segment. Anything else is not looked up at all, whatever the store.
    /// </summary>
    public static bool IsValidPath(string? path) =>
        !string.IsNullOrEmpty(path) && path.Length <= 220 && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains(':', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && segment is not "." and not ".." && !segment.Any(char.IsControl));
}
