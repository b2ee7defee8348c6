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
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, bool HasNext);
