using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// Saves changes to articles and evicts exactly the cached pages that show them. Everything that
/// changes a published article (the newsroom, imports, the command line) goes through here.
/// </summary>
public sealed class ArticleChanges(BroadsheetDb db, PageCacheEviction eviction, TimeProvider time)
{
    /// <summary>
    /// Saves an edited (tracked) article, stamps its update time and evicts its pages and lists;
    /// <paramref name="before"/> is where it showed before the edit, when its section, tags or authors may have changed.
    /// </summary>
    public async Task SaveAsync(Article article, ArticleFootprint? before = null, CancellationToken cancellationToken = default)
    {
        await StampAndSaveAsync(article, cancellationToken);
        await EvictAsync(article.Id, before, cancellationToken);
    }

    /// <summary>
    /// Saves with a new update time but evicts nothing yet: inside a transaction the caller evicts after
    /// committing (<see cref="EvictAsync"/>), or a reader arriving in between would cache the old version.
    /// </summary>
    public async Task StampAndSaveAsync(Article article, CancellationToken cancellationToken = default)
    {
        article.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task EvictAsync(int articleId, ArticleFootprint? before = null, CancellationToken cancellationToken = default) =>
        eviction.ArticleChangedAsync(articleId, before, cancellationToken);

    /// <summary>
    /// Sets a new slug on a tracked article and retires the old one; the caller saves, inside a
    /// transaction it began (the retired-slug rows change at once).
    /// </summary>
    public async Task ChangeSlugAsync(Article article, string newSlug, CancellationToken cancellationToken = default)
    {
        var slug = Slugs.From(newSlug);
        if (slug.Length == 0)
        {
            throw new ArgumentException("A slug needs at least one letter or digit.", nameof(newSlug));
        }

        if (slug == article.Slug)
        {
            return;
        }

        if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != article.Id, cancellationToken))
        {
            throw new InvalidOperationException($"Another article already uses the slug '{slug}'.");
        }

        // The new slug may be one this article used before, and the old one may have been retired by
        // another article long ago: either way the newest meaning wins.
        var oldSlug = article.Slug;
        await db.RetiredSlugs.Where(r => r.Slug == slug || r.Slug == oldSlug).ExecuteDeleteAsync(cancellationToken);
        db.RetiredSlugs.Add(new RetiredSlug { Slug = oldSlug, ArticleId = article.Id, RetiredAt = time.GetUtcNow().UtcDateTime });
        article.Slug = slug;
    }
}
