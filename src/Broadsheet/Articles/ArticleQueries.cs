using Broadsheet.Comments;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>What a list of articles shows about each one.</summary>
public sealed record ArticleCard(
    int Id,
    string Headline,
    string Slug,
    string? Standfirst,
    DateTime PublishedAt,
    string SectionName,
    string SectionSlug,
    string? ImageUrl,
    string? ImageAlt,
    int? ImageWidth,
    int? ImageHeight,
    int CommentCount,
    string? ImageVariants = null);

public static class ArticleQueries
{
    public const int MaxPage = 100_000;

    public static IQueryable<Article> Published(this IQueryable<Article> articles, DateTime utcNow) =>
        articles.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= utcNow);

    public static IQueryable<Article> Latest(this IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);

    public static IQueryable<Article> Between(this IQueryable<Article> articles, DateTime startUtc, DateTime endUtc) =>
        articles.Where(a => a.PublishedAt >= startUtc && a.PublishedAt < endUtc);

    /// <summary>What a card reads of an article (its approved comments counted), for <see cref="ToCards"/> and <see cref="CardPageQuery"/>.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Article, ArticleCard>> Card = a => new ArticleCard(
        a.Id,
        a.Headline,
        a.Slug,
        a.Standfirst,
        a.PublishedAt!.Value,
        a.Section.Name,
        a.Section.Slug,
        a.ImageUrl,
        a.ImageAlt,
        a.ImageWidth,
        a.ImageHeight,
        a.Comments.Count(c => c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment),
        a.ImageVariants);

    public static IQueryable<ArticleCard> ToCards(this IQueryable<Article> articles) => articles.Select(Card);

    /// <summary>
    /// Fetches one page of cards, asking for one extra row to learn whether a next page exists
    /// without a separate COUNT query. <paramref name="articles"/> is the table the cards are read from.
    /// </summary>
    /// <remarks>
    /// The page is found by id alone and only its rows are then read whole: OFFSET must still walk every row before
    /// the page, and carrying headlines and standfirsts through that walk (PostgreSQL even sorted them on disk) made
    /// page 500 of a large tag or author cost hundreds of milliseconds. Walking ids only is an index-only scan.
    /// </remarks>
    public static async Task<Paged<ArticleCard>> ToPageAsync(
        this IQueryable<Article> ordered, IQueryable<Article> articles, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        if (page > MaxPage)
        {
            // Far beyond any real archive; also keeps (page - 1) * pageSize from overflowing.
            return new Paged<ArticleCard>([], page, false);
        }

        // Inside the lambda the offset and size stay SQL parameters: one statement for every page number.
        var skip = (page - 1) * pageSize;
        var take = pageSize + 1;
        var rows = await articles.Where(a => ordered.Skip(skip).Take(take).Select(p => p.Id).Contains(a.Id))
            .Latest().ToCards().ToListAsync(cancellationToken);
        var hasNext = rows.Count > pageSize;
        if (hasNext)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new Paged<ArticleCard>(rows, page, hasNext);
    }
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, bool HasNext);
