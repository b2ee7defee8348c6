using System.Text;
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
/// mixed load (README, "Memory"). Read back as JSON they cost an uncached article about 13% more CPU; in this form,
/// reading one is a few microseconds.
/// </para>
/// </summary>
public sealed class MoreArticlesCache(
    IOutputCacheStore store, SqliteStatements statements, IOptions<BroadsheetOptions> options, ILogger<MoreArticlesCache> logger)
{
    private readonly bool enabled = options.Value.OutputCache.Fragments ?? options.Value.OutputCache.Enabled;

    public async Task<MoreArticles> GetAsync(
        BroadsheetDb db, int articleId, int sectionId, IReadOnlyList<int> tagIds, DateTime utcNow, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return await db.MoreArticlesAsync(statements, articleId, sectionId, tagIds, utcNow, page, pageSize, cancellationToken);
        }

        // The version names the entry's format: nodes of another version sharing a Redis cache keep lists of their own.
        var key = $"broadsheet:more:v2:{articleId}:{page}:{pageSize}";
        if (await store.GetAsync(key, cancellationToken) is { } stored && Read(stored) is { } kept)
        {
            return kept;
        }

        var more = await db.MoreArticlesAsync(statements, articleId, sectionId, tagIds, utcNow, page, pageSize, cancellationToken);
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

/// <summary>
/// A More Articles list as kept in the output-cache store: its page, whether there is a next one and whether the latest
/// articles filled it, then each card's fields in order, strings as UTF-8 with their length (<see cref="BinaryWriter"/>),
/// nullable fields after a flag. About half the size of the same list in JSON, and read without names to match.
/// </summary>
internal static class MoreArticlesFormat
{
    /// <summary>The first byte: a list written in another form is not misread.</summary>
    private const byte Version = 2;

    public static byte[] Write(MoreArticles more)
    {
        using var buffer = new MemoryStream(1024);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            var cards = more.Cards;
            writer.Write(Version);
            writer.Write(cards.Page);
            writer.Write(cards.HasNext);
            writer.Write(more.FromLatest);
            writer.Write(cards.Items.Count);
            foreach (var card in cards.Items)
            {
                writer.Write(card.Id);
                writer.Write(card.Headline);
                writer.Write(card.Slug);
                WriteNullable(writer, card.Standfirst);
                writer.Write(card.PublishedAt.ToBinary());
                writer.Write(card.SectionName);
                writer.Write(card.SectionSlug);
                WriteNullable(writer, card.ImageUrl);
                WriteNullable(writer, card.ImageAlt);
                WriteNullable(writer, card.ImageWidth);
                WriteNullable(writer, card.ImageHeight);
                writer.Write(card.CommentCount);
                WriteNullable(writer, card.ImageVariants);
            }
        }

        return buffer.ToArray();
    }

    /// <exception cref="FormatException">Not a list in this form.</exception>
    /// <exception cref="EndOfStreamException">Cut short.</exception>
    public static MoreArticles Read(byte[] stored)
    {
        using var reader = new BinaryReader(new MemoryStream(stored, writable: false), Encoding.UTF8);
        if (reader.ReadByte() != Version)
        {
            throw new FormatException("The kept list was written in another form.");
        }

        var page = reader.ReadInt32();
        var hasNext = reader.ReadBoolean();
        var fromLatest = reader.ReadBoolean();
        var count = reader.ReadInt32();
        if (count < 0 || count > stored.Length)
        {
            throw new FormatException("The kept list's length is not a count of cards.");
        }

        var cards = new ArticleCard[count];
        for (var i = 0; i < count; i++)
        {
            cards[i] = new ArticleCard(
                Id: reader.ReadInt32(),
                Headline: reader.ReadString(),
                Slug: reader.ReadString(),
                Standfirst: ReadNullableString(reader),
                PublishedAt: DateTime.FromBinary(reader.ReadInt64()),
                SectionName: reader.ReadString(),
                SectionSlug: reader.ReadString(),
                ImageUrl: ReadNullableString(reader),
                ImageAlt: ReadNullableString(reader),
                ImageWidth: ReadNullableInt(reader),
                ImageHeight: ReadNullableInt(reader),
                CommentCount: reader.ReadInt32(),
                ImageVariants: ReadNullableString(reader));
        }

        if (reader.BaseStream.Position != stored.Length)
        {
            throw new FormatException("The kept list has bytes after its last card.");
        }

        return new MoreArticles(new Paged<ArticleCard>(cards, page, hasNext), fromLatest);
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteNullable(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        if (value is { } number)
        {
            writer.Write(number);
        }
    }

    private static string? ReadNullableString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static int? ReadNullableInt(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt32() : null;
}
