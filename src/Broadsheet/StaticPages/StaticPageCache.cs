using Broadsheet.Site;
using Microsoft.AspNetCore.OutputCaching;

namespace Broadsheet.StaticPages;

/// <summary>The output cache tags of static pages, and what a change to one evicts.</summary>
public sealed class StaticPageCache(IOutputCacheStore store)
{
    /// <summary>Responses that list the published pages: the sitemaps.</summary>
    public const string ListTag = "static-pages";

    public static string PageTag(int id) => $"static-page:{id}";

    /// <summary>
    /// A page was saved, published or unpublished: its own page and the sitemaps; and every page when it
    /// is (or was) in the footer menu, which every page shows.
    /// </summary>
    public async Task PageChangedAsync(int id, bool inFooter, CancellationToken cancellationToken = default)
    {
        if (inFooter)
        {
            await FooterChangedAsync(cancellationToken);
            return;
        }

        await store.EvictByTagAsync(PageTag(id), cancellationToken);
        await store.EvictByTagAsync(ListTag, cancellationToken);
    }

    /// <summary>The footer menu is on every page, so every cached response goes.</summary>
    public Task FooterChangedAsync(CancellationToken cancellationToken = default) =>
        store.EvictByTagAsync(PageCache.SiteTag, cancellationToken).AsTask();
}
