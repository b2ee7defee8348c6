using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Media;

/// <summary>Something on the site that shows an image: an article (as its featured image or in its text), a static page, or an author's photo.</summary>
public sealed record MediaUse(MediaUseKind Kind, int Id, string Title, bool Featured)
{
    /// <summary>Where the newsroom edits it.</summary>
    public string EditUrl => Kind switch
    {
        MediaUseKind.Article => $"/newsroom/articles/edit/{Id}",
        MediaUseKind.Author => $"/newsroom/authors/edit/{Id}",
        _ => $"/newsroom/pages/edit/{Id}",
    };
}

public enum MediaUseKind
{
    Article,
    StaticPage,
    Author,
}

/// <summary>Finds what shows an image from the library, so it is never deleted from under a page.</summary>
public static class MediaUses
{
    /// <summary>
    /// Articles whose featured image it is, and articles and static pages whose text names the image or any of its
    /// resized copies (every one of them contains the generated <see cref="MediaItem.Stem"/>, which nothing else does).
    /// Authors whose photo it is count too. Articles of every status count: a draft or an unpublished article may be published again.
    /// </summary>
    public static async Task<IReadOnlyList<MediaUse>> FindAsync(BroadsheetDb db, MediaItem item, CancellationToken cancellationToken = default)
    {
        var stem = item.Stem;
        var articles = await db.Articles.AsNoTracking()
            .Where(a => a.MediaItemId == item.Id || (a.ImageUrl != null && a.ImageUrl.Contains(stem)) || a.Body.Contains(stem))
            .OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
            .Select(a => new MediaUse(MediaUseKind.Article, a.Id, a.Headline, a.MediaItemId == item.Id || (a.ImageUrl != null && a.ImageUrl.Contains(stem))))
            .ToListAsync(cancellationToken);
        var pages = await db.StaticPages.AsNoTracking()
            .Where(p => p.Body.Contains(stem))
            .OrderBy(p => p.Title)
            .Select(p => new MediaUse(MediaUseKind.StaticPage, p.Id, p.Title, false))
            .ToListAsync(cancellationToken);
        var authors = await db.Authors.AsNoTracking()
            .Where(a => a.PhotoMediaId == item.Id)
            .OrderBy(a => a.Name)
            .Select(a => new MediaUse(MediaUseKind.Author, a.Id, a.Name, true))
            .ToListAsync(cancellationToken);
        return [.. articles, .. pages, .. authors];
    }
}
