using System.Text.RegularExpressions;
using Broadsheet.Redirects;

namespace Broadsheet.Import;

/// <summary>An attachment of the export as the bodies need it: where it came from and, once imported, where it is now.</summary>
public sealed class ImportedFile(int wordPressId, string sourceUrl, string relativePath)
{
    public int WordPressId { get; } = wordPressId;
    public string SourceUrl { get; } = sourceUrl;

    /// <summary>Its path under <c>wp-content/uploads</c>, e.g. <c>2013/03/boat.jpg</c>.</summary>
    public string RelativePath { get; } = relativePath;

    public string? Title { get; set; }
    public string? Alt { get; set; }
    public string? Caption { get; set; }
    public int ParentId { get; set; }

    /// <summary>The attachment page's address on the old site.</summary>
    public string? Link { get; set; }

    /// <summary>Our <c>/media/…</c> address once imported; null when the file could not be brought.</summary>
    public string? MediaUrl { get; set; }

    public int? MediaItemId { get; set; }
    public string? Variants { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
}

/// <summary>
/// Everything that points at the old site, and where it points now: its hosts, its uploads (with WordPress's
/// resized copies, <c>photo-300x200.jpg</c>), and its permalinks.
/// </summary>
public sealed partial class ImportLinks
{
    private readonly HashSet<string> oldHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ImportedFile> filesByPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, ImportedFile> filesById = [];
    private readonly Dictionary<string, string> newPaths = new(StringComparer.Ordinal);

    public IEnumerable<ImportedFile> Files => filesById.Values;

    public void AddOldSite(string? url)
    {
        if (Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            oldHosts.Add(uri.Host);
            // www and the bare domain are the same site to the people who linked to it.
            oldHosts.Add(uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : "www." + uri.Host);
        }
    }

    public void AddFile(ImportedFile file)
    {
        filesById[file.WordPressId] = file;
        filesByPath.TryAdd(file.RelativePath, file);
        // WordPress 5.3+ keeps the original of a large image beside the "-scaled" copy it links to.
        var unscaled = Scaled().Replace(file.RelativePath, "$1");
        filesByPath.TryAdd(unscaled, file);
        AddOldSite(file.SourceUrl);
    }

    public ImportedFile? File(int wordPressId) => filesById.GetValueOrDefault(wordPressId);

    /// <summary>Remembers that an old address (a permalink) now lives at <paramref name="newPath"/>.</summary>
    public void AddPath(string? oldUrl, string newPath)
    {
        if (oldUrl is not null && RedirectPaths.Normalize(oldUrl) is { Length: > 1 } path)
        {
            newPaths.TryAdd(path, newPath);
        }
    }

    public bool IsOldSite(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && oldHosts.Contains(uri.Host);

    /// <summary>The attachment a URL of the old site refers to (the file or one of its resized copies), if any.</summary>
    public ImportedFile? FileAt(string url)
    {
        if (!IsOldSite(url) && !url.StartsWith("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : url.Split('?', '#')[0];
        var uploads = path.IndexOf("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase);
        var relative = uploads >= 0 ? path[(uploads + "/wp-content/uploads/".Length)..] : path.TrimStart('/');
        if (filesByPath.TryGetValue(relative, out var file))
        {
            return file;
        }

        var original = SizeSuffix().Replace(relative, "$1");
        return filesByPath.GetValueOrDefault(original) ?? filesByPath.GetValueOrDefault(Scaled().Replace(original, "$1"));
    }

    /// <summary>
    /// Where a link to the old site should go now: the new address of an imported article or page, else the same
    /// path on this site (which the imported redirects answer when they know it).
    /// </summary>
    public string NewLink(string url)
    {
        if (RedirectPaths.Normalize(url) is not { } path)
        {
            return "/";
        }

        if (newPaths.TryGetValue(path, out var known))
        {
            return known;
        }

        var uri = new Uri(url.Trim());
        return uri.PathAndQuery + uri.Fragment;
    }

    /// <summary>The relative upload path of an attachment: its <c>_wp_attached_file</c>, else what follows <c>wp-content/uploads/</c>, else its URL's path.</summary>
    public static string RelativePathOf(string url, string? attachedFile)
    {
        if (!string.IsNullOrWhiteSpace(attachedFile) && !attachedFile.Contains("..", StringComparison.Ordinal))
        {
            return attachedFile.Trim().TrimStart('/');
        }

        var path = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : url;
        var uploads = path.IndexOf("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase);
        return uploads >= 0 ? path[(uploads + "/wp-content/uploads/".Length)..] : path.TrimStart('/');
    }

    [GeneratedRegex(@"-\d{1,5}x\d{1,5}(\.\w+)$")]
    private static partial Regex SizeSuffix();

    [GeneratedRegex(@"-scaled(\.\w+)$")]
    private static partial Regex Scaled();
}
