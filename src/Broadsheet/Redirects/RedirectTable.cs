using System.Text.RegularExpressions;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Redirects;

/// <summary>Old addresses and where they live now (see <see cref="Redirect"/>).</summary>
public static partial class RedirectTable
{
    /// <summary>
    /// Adds a redirect from <paramref name="pathOrUrl"/> (normalized by <see cref="RedirectPaths.Normalize"/>)
    /// to <paramref name="target"/>, a path on this site. Skips, returning false, a path already there (saved
    /// or added to this context), one that cannot be normalized, a target off the site, and a redirect to
    /// itself. Only adds to the context: the caller saves, so an import keeps all its rows in one transaction.
    /// </summary>
    public static async Task<bool> AddAsync(BroadsheetDb db, string pathOrUrl, string target, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var path = RedirectPaths.Normalize(pathOrUrl);
        if (path is null || path == "/" || !RedirectPaths.IsLocalTarget(target)
            || target.Length > 1000 || RedirectPaths.Normalize(target) == path)
        {
            return false;
        }

        if (db.Redirects.Local.Any(r => r.Path == path) || await db.Redirects.AnyAsync(r => r.Path == path, cancellationToken))
        {
            return false;
        }

        db.Redirects.Add(new Redirect { Path = path, Target = target, CreatedAt = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime });
        return true;
    }

    /// <summary>
    /// Where an old address goes now, or null. A WordPress image size ("photo-300x200.jpg") that has no row
    /// of its own goes where the full-size file goes.
    /// </summary>
    public static async Task<string?> FindTargetAsync(BroadsheetDb db, string path, CancellationToken cancellationToken = default)
    {
        var normalized = RedirectPaths.Normalize(path);
        if (normalized is null)
        {
            return null;
        }

        var target = await TargetOfAsync(db, normalized, cancellationToken);
        if (target is null && SizeVariant().Match(normalized) is { Success: true } variant)
        {
            target = await TargetOfAsync(db, variant.Groups["file"].Value + variant.Groups["extension"].Value, cancellationToken);
        }

        return RedirectPaths.IsLocalTarget(target) ? target : null;
    }

    /// <summary>
    /// Points rows that lead to <paramref name="oldTarget"/> (or below it) at <paramref name="newTarget"/>, so an
    /// old address moves in one hop when a section or author page moves. Only changes the context: the caller saves.
    /// </summary>
    public static async Task RetargetAsync(BroadsheetDb db, string oldTarget, string newTarget, CancellationToken cancellationToken = default)
    {
        var below = oldTarget + "/";
        var rows = await db.Redirects.Where(r => r.Target == oldTarget || r.Target.StartsWith(below)).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.Target = newTarget + row.Target[oldTarget.Length..];
            if (RedirectPaths.Normalize(row.Target) == row.Path)
            {
                db.Redirects.Remove(row);
            }
        }
    }

    private static Task<string?> TargetOfAsync(BroadsheetDb db, string path, CancellationToken cancellationToken) =>
        db.Redirects.AsNoTracking().Where(r => r.Path == path).Select(r => r.Target).FirstOrDefaultAsync(cancellationToken);

    /// <summary>WordPress makes "name-WIDTHxHEIGHT.ext" copies of every upload; their links outlive the copies.</summary>
    [GeneratedRegex(@"^(?<file>/wp-content/uploads/.+)-[0-9]{1,5}x[0-9]{1,5}(?<extension>\.[a-z0-9]{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex SizeVariant();
}
