using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

public sealed record BylineView(int AuthorId, string Name, string Slug);
public sealed record TagView(int Id, string Name, string Slug);

/// <summary>Everything the article page shows about the article itself.</summary>
public sealed record ArticleView(
    int Id,
    string Headline,
    string Slug,
    string? Standfirst,
    string Body,
    BodyFormat BodyFormat,
    DateTime PublishedAt,
    DateTime UpdatedAt,
    int SectionId,
    string SectionName,
    string SectionSlug,
    string? ImageUrl,
    string? ImageAlt,
    string? ImageCaption,
    string? ImageCredit,
    int? ImageWidth,
    int? ImageHeight,
    bool CommentsOpen,
    IReadOnlyList<BylineView> Bylines,
    IReadOnlyList<TagView> Tags,
    string? ImageVariants,
    IReadOnlyList<CorrectionView> Corrections);

public sealed record CorrectionView(CorrectionKind Kind, string Text, DateTime CreatedAt);

public static class ArticleReading
{
    public static Task<ArticleView?> FindPublishedAsync(
        this BroadsheetDb db, SqliteStatements statements, string slug, DateTime utcNow, CancellationToken cancellationToken) =>
        PublishedArticleQueries.FindPublishedAsync(db, statements, slug, utcNow, cancellationToken);

    /// <summary>
    /// How many of each tag's and of the section's newest articles More Articles ranks first: ten pages of six each, more
    /// than readers page through. Looking up each candidate's tags is most of a fully cold render at 100,000 articles,
    /// so the count sets its cost: 2.1 ms at 200, 1.3 at 100, 0.9 at 60.
    /// </summary>
    public const int MoreArticlesCandidates = 60;

    /// <summary>
    /// "More Articles": other published articles, those sharing the section and tags first (two points for the
    /// section, one per shared tag, then newest), then the latest. So that an article page costs the same at any
    /// size of site, only the newest <see cref="MoreArticlesCandidates"/> of the section and of each tag are ranked
    /// (read from indexes); older relatives join the latest list. On a site that small, the order is exact.
    /// </summary>
    public static async Task<MoreArticles> MoreArticlesAsync(
        this BroadsheetDb db, SqliteStatements statements, int articleId, int sectionId, IReadOnlyList<int> tagIds, DateTime utcNow,
        int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        if (page > ArticleQueries.MaxPage)
        {
            return new MoreArticles(new Paged<ArticleCard>([], page, false), false);
        }

        var tags = tagIds.ToArray();
        var ranked = statements.Enabled
            ? statements.List(MoreArticlesSql.CandidatesQuery, [articleId, utcNow, sectionId, MoreArticlesSql.Ids(tags)], MoreArticlesSql.ReadId)
            : (await CandidatesAsync(db, articleId, sectionId, tags, utcNow, cancellationToken))
                .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= utcNow && a.Id != articleId)
                .OrderByDescending(a => a.Score).ThenByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
                .Select(a => a.Id)
                .ToList();

        // The page, and one row more to learn whether a next page exists: first from the ranked candidates (known
        // published, so again read by primary key alone), then, only when they run out, from the latest of the rest.
        // Both come back in one command.
        var first = (page - 1) * pageSize;
        var wanted = pageSize + 1;
        var fromRanked = ranked.Skip(first).Take(wanted).ToList();
        var fromLatest = wanted - fromRanked.Count;
        var cards = !statements.Enabled
            ? await CardsAsync(db, articleId, utcNow, ranked, fromRanked, fromLatest, Math.Max(0, first - ranked.Count), cancellationToken)
            : fromLatest > 0
            ? statements.List(
                MoreArticlesSql.CardsQuery,
                [MoreArticlesSql.Ids(fromRanked), utcNow, articleId, MoreArticlesSql.Ids(ranked), fromLatest, Math.Max(0, first - ranked.Count)],
                MoreArticlesSql.ReadCard)
            : statements.List(MoreArticlesSql.RankedCardsQuery, [MoreArticlesSql.Ids(fromRanked)], MoreArticlesSql.ReadCard);
        var rows = cards.Where(c => fromRanked.Contains(c.Id)).OrderBy(c => fromRanked.IndexOf(c.Id))
            .Concat(cards.Where(c => !fromRanked.Contains(c.Id)).OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id))
            .ToList();
        var hasNext = rows.Count > pageSize;
        return new MoreArticles(new Paged<ArticleCard>(hasNext ? rows[..pageSize] : rows, page, hasNext), fromLatest > 0);
    }

    /// <summary>The candidates and their scores through EF Core (PostgreSQL), ranked by the caller as <see cref="MoreArticlesSql.CandidatesQuery"/> ranks them.</summary>
    private static async Task<List<MoreArticleCandidate>> CandidatesAsync(
        BroadsheetDb db, int articleId, int sectionId, int[] tags, DateTime utcNow, CancellationToken cancellationToken)
    {
        var published = db.Articles.AsNoTracking().Published(utcNow).Where(a => a.Id != articleId);
        var candidates = published.Where(a => a.SectionId == sectionId).Latest().Select(a => a.Id).Take(MoreArticlesCandidates);
        foreach (var tagId in tags)
        {
            // Newest by id: the tag index is ordered so, and ids follow the order articles were written in.
            candidates = candidates.Union(db.Set<Dictionary<string, object>>("ArticleTags")
                .Where(t => EF.Property<int>(t, "TagsId") == tagId)
                .OrderByDescending(t => EF.Property<int>(t, "ArticlesId"))
                .Select(t => EF.Property<int>(t, "ArticlesId"))
                .Take(MoreArticlesCandidates));
        }

        // The candidates are read by primary key, with no status filter in SQL: given one, SQLite (which keeps no
        // statistics here) walks the whole (Status, PublishedAt) index and tests every published article against the
        // candidate list, 20 ms at 100,000 articles. The few unpublished candidates a tag brings are dropped by the caller.
        return await db.Articles.AsNoTracking().Where(a => candidates.Contains(a.Id))
            .Select(a => new MoreArticleCandidate(
                a.Id, a.Status, a.PublishedAt, (a.SectionId == sectionId ? 2 : 0) + a.Tags.Count(t => tags.Contains(t.Id))))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The cards through EF Core (PostgreSQL): what <see cref="MoreArticlesSql.CardsQuery"/> reads.</summary>
    private static async Task<List<ArticleCard>> CardsAsync(
        BroadsheetDb db, int articleId, DateTime utcNow, List<int> ranked, List<int> fromRanked, int fromLatest, int skipLatest,
        CancellationToken cancellationToken)
    {
        var listed = db.Articles.AsNoTracking().Where(a => fromRanked.Contains(a.Id));
        if (fromLatest > 0)
        {
            // The ranked ids (up to a few hundred) go as one array parameter, as every list does (Data/DataSetup.cs).
            var excluded = ranked.ToArray();
            listed = listed.Concat(db.Articles.AsNoTracking().Published(utcNow).Where(a => a.Id != articleId)
                .Where(a => !excluded.Contains(a.Id)).Latest().Skip(skipLatest).Take(fromLatest));
        }

        return await listed.ToCards().ToListAsync(cancellationToken);
    }
}
