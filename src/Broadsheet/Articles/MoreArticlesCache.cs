using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
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
/// </summary>
public sealed class MoreArticlesCache(
    IOutputCacheStore store, SqliteStatements statements, IOptions<BroadsheetOptions> options, ILogger<MoreArticlesCache> logger)
{
    private readonly bool enabled = options.Value.OutputCache.Fragments ?? options.Value.OutputCache.Enabled;

    /// <summary>
    /// The lists already read from the stored bytes. The in-process store hands back the array it was given, so a list
    /// is parsed once per entry rather than once per render (the JSON was 3% of a render with the list kept); an entry
    /// is forgotten with its array, when the store drops it. From Redis every read is a new array, parsed as before.
    /// </summary>
    private readonly ConditionalWeakTable<byte[], MoreArticles> parsed = new();

    public async Task<MoreArticles> GetAsync(
        BroadsheetDb db, int articleId, int sectionId, IReadOnlyList<int> tagIds, DateTime utcNow, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return await db.MoreArticlesAsync(statements, articleId, sectionId, tagIds, utcNow, page, pageSize, cancellationToken);
        }

        // The version names the entry's format: nodes of another version sharing a Redis cache keep lists of their own.
        var key = $"broadsheet:more:v1:{articleId}:{page}:{pageSize}";
        if (await store.GetAsync(key, cancellationToken) is { } stored)
        {
            if (parsed.TryGetValue(stored, out var known))
            {
                return known;
            }

            if (Read(stored) is { } kept)
            {
                parsed.AddOrUpdate(stored, kept);
                return kept;
            }
        }

        var more = await db.MoreArticlesAsync(statements, articleId, sectionId, tagIds, utcNow, page, pageSize, cancellationToken);
        if (more.Cards.Items.Count == 0)
        {
            // A page past the end (any ?page= a crawler makes up) answers 404: keeping it would only fill the cache.
            return more;
        }

        var entry = new MoreArticlesEntry(more.Cards.Items, more.Cards.Page, more.Cards.HasNext, more.FromLatest);
        // Not the article's own tag: a comment on it would throw its list away. Republishing it, or moving it to another
        // section or tags, evicts the tags of its section and tags before and after, and so this list.
        string[] tags = [PageCache.SiteTag, .. more.Tags(sectionId, tagIds)];
        var bytes = JsonSerializer.SerializeToUtf8Bytes(entry, MoreArticlesJson.Default.MoreArticlesEntry);
        await store.SetAsync(key, bytes, tags, PageCache.Lifetime, cancellationToken);
        parsed.AddOrUpdate(bytes, more);
        return more;
    }

    private MoreArticles? Read(byte[] stored)
    {
        try
        {
            return JsonSerializer.Deserialize(stored, MoreArticlesJson.Default.MoreArticlesEntry) is { } entry
                ? new MoreArticles(new Paged<ArticleCard>(entry.Items, entry.Page, entry.HasNext), entry.FromLatest)
                : null;
        }
        catch (JsonException exception)
        {
            // Written by another version of the app (a rolling upgrade with a shared cache): ranked afresh instead.
            logger.LogDebug(exception, "A kept More Articles list could not be read.");
            return null;
        }
    }
}

internal sealed record MoreArticlesEntry(IReadOnlyList<ArticleCard> Items, int Page, bool HasNext, bool FromLatest);

[JsonSerializable(typeof(MoreArticlesEntry))]
internal sealed partial class MoreArticlesJson : JsonSerializerContext;
