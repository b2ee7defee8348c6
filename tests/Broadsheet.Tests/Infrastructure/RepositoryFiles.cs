namespace Broadsheet.Tests.Infrastructure;

/// <summary>Files the tests read from the source tree rather than from their build output.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository's root: the nearest folder above the test binaries that holds Broadsheet.slnx.</summary>
    public static string Root { get; } = FindUpwards("Broadsheet.slnx") is { } solution
        ? Path.GetDirectoryName(solution)!
        : throw new InvalidOperationException($"No Broadsheet.slnx in any folder above {AppContext.BaseDirectory}.");

    /// <summary>
    /// The first existing file at <paramref name="relativePath"/> below the folder of the test binaries or any
    /// folder above it; null when there is none.
    /// </summary>
    public static string? FindUpwards(string relativePath)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
