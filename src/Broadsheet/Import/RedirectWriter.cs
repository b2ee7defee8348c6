using Broadsheet.Data;
using Broadsheet.Redirects;

namespace Broadsheet.Import;

/// <summary>
/// Writes the old site's addresses as redirects: post permalinks as the file gives them, <c>/archives/ID</c>, each
/// post's comment feed, pages, categories, tags, authors, the feeds and the uploads. An address that already
/// redirects, or that is already the new address (the same permalink structure), is left alone.
/// </summary>
public sealed class RedirectWriter(BroadsheetDb db, ImportState state, ImportReport report, DateTime now)
{
    private readonly Dictionary<string, string> pending = new(StringComparer.Ordinal);

    public void AddAll(WxrSurvey survey, ItemImport items, MediaImport media)
    {
        foreach (var (wordPressId, link, path) in items.ArticleAddresses)
        {
            Add(link, path);
            Add($"/archives/{wordPressId}", path);
            if (RedirectPaths.Normalize(link ?? "") is { Length: > 1 } old)
            {
                Add(old + "/feed", path + "/feed");
            }
        }

        foreach (var (link, path) in items.PageAddresses)
        {
            Add(link, path);
        }

        foreach (var (key, path) in items.TermPaths)
        {
            var (kind, slug) = (key[..key.IndexOf(':')], key[(key.IndexOf(':') + 1)..]);
            if (kind == "tag")
            {
                Add($"/tag/{slug}", path);
                Add($"/tag/{slug}/feed", path + "/feed");
                continue;
            }

            Add($"/category/{slug}", path);
            Add($"/category/{slug}/feed", path + "/feed");
            if (CategoryPath(survey, slug) is { } nested && nested != slug)
            {
                Add($"/category/{nested}", path);
                Add($"/category/{nested}/feed", path + "/feed");
            }
        }

        foreach (var (login, path) in items.AuthorPaths)
        {
            var nicename = ImportState.SlugOf(login, "", "author");
            Add($"/author/{login}", path);
            Add($"/author/{nicename}", path);
        }

        Add("/comments/feed", "/feed");
        foreach (var file in media.Brought.Where(f => f.MediaUrl is not null))
        {
            Add($"/wp-content/uploads/{file.RelativePath}", file.MediaUrl!);
            Add(file.Link, file.MediaUrl!);
        }

        foreach (var (path, target) in pending)
        {
            db.Redirects.Add(new Redirect { Path = path, Target = target, CreatedAt = now });
            state.RedirectPaths.Add(path);
            report.Imported(ImportReport.Redirects);
        }
    }

    private void Add(string? oldAddress, string target)
    {
        if (oldAddress is null || RedirectPaths.Normalize(oldAddress) is not { Length: > 1 } path)
        {
            return;
        }

        if (path == RedirectPaths.Normalize(target))
        {
            return;
        }

        if (state.RedirectPaths.Contains(path))
        {
            report.Skipped(ImportReport.Redirects, "the old address already redirects");
            return;
        }

        pending.TryAdd(path, target);
    }

    /// <summary>WordPress's address of a nested category: its ancestors' slugs, then its own (<c>/category/news/local</c>).</summary>
    private static string? CategoryPath(WxrSurvey survey, string slug)
    {
        var parts = new List<string> { slug };
        var current = slug;
        for (var depth = 0; depth < 20 && survey.Categories.TryGetValue(current, out var term) && term.ParentSlug is { } parent; depth++)
        {
            parts.Insert(0, parent);
            current = parent;
        }

        return parts.Count > 1 ? string.Join('/', parts) : null;
    }
}
