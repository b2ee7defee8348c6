using Broadsheet.Data;

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
    /// <summary>
    /// The published article whose slug is <paramref name="slug"/>, and, when <paramref name="withDiscussion"/>, its
    /// discussion's first rows, read in one round trip (<see cref="PublishedArticleQueries"/>).
    /// </summary>
    internal static Task<(ArticleView? Article, List<Comments.CommentSql.Row>? FirstComments)> FindPublishedAsync(
        this KeptStatements statements, string slug, DateTime utcNow, bool withDiscussion, CancellationToken cancellationToken) =>
        PublishedArticleQueries.FindPublishedAsync(statements, slug, utcNow, withDiscussion, cancellationToken);

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
        this KeptStatements statements, int articleId, int sectionId, IReadOnlyList<int> tagIds, DateTime utcNow,
        int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        if (page > ArticleQueries.MaxPage)
        {
            return new MoreArticles(new Paged<ArticleCard>([], page, false), false);
        }

        // The page, and one row more to learn whether a next page exists: first from the ranked candidates (known
        // published, so again read by primary key alone), then, only when they run out, from the latest of the rest.
        var first = (page - 1) * pageSize;
        var wanted = pageSize + 1;
        List<ArticleCard> rows;
        int fromLatest;
        if (statements.IsPostgres)
        {
            // One statement ranks and reads the page's cards, in order.
            var found = await statements.ListAsync(MoreArticlesSql.PostgresPageQuery,
                [articleId, utcNow, sectionId, statements.Ids(tagIds), wanted, first], MoreArticlesSql.ReadPageRow, cancellationToken);
            rows = found.ConvertAll(row => row.Card);
            fromLatest = wanted - found.Count(row => row.Rank is not null);
        }
        else
        {
            var ranked = await statements.ListAsync(MoreArticlesSql.CandidatesQuery,
                [articleId, utcNow, sectionId, statements.Ids(tagIds)], MoreArticlesSql.ReadId, cancellationToken);
            var fromRanked = ranked.Skip(first).Take(wanted).ToList();
            fromLatest = wanted - fromRanked.Count;
            // The ranked cards and the latest come back in one command.
            var cards = fromLatest > 0
                ? await statements.ListAsync(MoreArticlesSql.CardsQuery,
                    [statements.Ids(fromRanked), utcNow, articleId, statements.Ids(ranked), fromLatest, Math.Max(0, first - ranked.Count)],
                    MoreArticlesSql.ReadCard, cancellationToken)
                : await statements.ListAsync(MoreArticlesSql.RankedCardsQuery, [statements.Ids(fromRanked)], MoreArticlesSql.ReadCard, cancellationToken);
            rows = cards.Where(c => fromRanked.Contains(c.Id)).OrderBy(c => fromRanked.IndexOf(c.Id))
                .Concat(cards.Where(c => !fromRanked.Contains(c.Id)).OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id))
                .ToList();
        }

        var hasNext = rows.Count > pageSize;
        return new MoreArticles(new Paged<ArticleCard>(hasNext ? rows[..pageSize] : rows, page, hasNext), fromLatest > 0);
    }
}
