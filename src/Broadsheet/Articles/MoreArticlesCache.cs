using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Broadsheet.Articles;

/// <summary>One page of an article's More Articles, and whether the latest articles filled it after its relatives.</summary>
public sealed record MoreArticles(Paged<ArticleCard> Cards, bool FromLatest)
{
    /// <summary>
    /// The cache tags of whatever shows this list (the article page and its More pages): a change to any card's article
    /// (its headline, its comment count), to the section or tags the list ranks by, and, when the latest articles fill
    /// it, a newly published article anywhere.
    /// </summary>
    public IEnumerable<string> Tags(int sectionId, IEnumerable<int> tagIds)
    {
        yield return PageCache.SectionTag(sectionId);
        foreach (var tagId in tagIds)
        {
            yield return PageCache.TagTag(tagId);
        }

        foreach (var card in Cards.Items)
        {
            yield return PageCache.ArticleTag(card.Id);
        }

        if (FromLatest)
        {
            yield return PageCache.ListingsTag;
        }
    }
}

/// <summary>
/// More Articles was half of an article page's render: two queries ranking the relatives of an article, which change
/// only when one of those articles does. The list is kept in the output-cache store (the process's, or Redis shared by
/// every node) under the same tags as the pages that show it, so the evictions that already refresh those pages drop
/// it too, on every node at once. A page evicted for its own sake (a new comment, an edit of the article) is rendered
/// again without ranking anything.
/// <para>
/// The list is kept in a compact binary form (<see cref="MoreArticlesFormat"/>) and read back on every render that needs
/// it. In the process's store it then lies where the pages do, in the store's file, not on the GC heap: until
/// 2026-12-05 the lists were kept there parsed, about 25 MB of the cached process's peak at 100,000 articles under a
/// mixed load (README, "Memory"). Read back as JSON they cost an uncached article 13-20% more CPU; in this form about
/// 20 µs a render (some 6%).
/// </para>
/// </summary>
public sealed class MoreArticlesCache(
    IOutputCacheStore store, KeptStatements statements, IOptions<BroadsheetOptions> options, ILogger<MoreArticlesCache> logger)
{
    private readonly bool enabled = options.Value.OutputCache.Fragments ?? options.Value.OutputCache.Enabled;

    public async Task<MoreArticles> GetAsync(
        int articleId, int sectionId, IReadOnlyList<int> tagIds, DateTime utcNow, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return await statements.MoreArticlesAsync(articleId, sectionId, tagIds, utcNow, page, pageSize, cancellationToken);
        }

        // The version names the entry's format: nodes of another version sharing a Redis cache keep lists of their own.
        var key = $"broadsheet:more:v2:{articleId}:{page}:{pageSize}";
        if (await store.GetAsync(key, cancellationToken) is { } stored && Read(stored) is { } kept)
        {
            return kept;
        }

        var more = await statements.MoreArticlesAsync(articleId, sectionId, tagIds, utcNow, page, pageSize, cancellationToken);
        if (more.Cards.Items.Count == 0)
        {
            // A page past the end (any ?page= a crawler makes up) answers 404: keeping it would only fill the cache.
            return more;
        }

        // Not the article's own tag: a comment on it would throw its list away. Republishing it, or moving it to another
        // section or tags, evicts the tags of its section and tags before and after, and so this list.
        string[] tags = [PageCache.SiteTag, .. more.Tags(sectionId, tagIds)];
        await store.SetAsync(key, MoreArticlesFormat.Write(more), tags, PageCache.Lifetime, cancellationToken);
        return more;
    }

    private MoreArticles? Read(byte[] stored)
    {
        try
        {
            return MoreArticlesFormat.Read(stored);
        }
        catch (Exception exception) when (exception is IOException or FormatException or ArgumentException)
        {
            // Not a list this version wrote (a damaged entry): ranked afresh instead.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(exception, "A kept More Articles list could not be read.");
            }

            return null;
        }
    }
}
