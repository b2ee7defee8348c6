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
    public static Task<ArticleView?> FindPublishedAsync(this BroadsheetDb db, string slug, DateTime utcNow, CancellationToken cancellationToken) =>
        PublishedArticleQueries.FindPublishedAsync(db, slug, utcNow, cancellationToken);

    /// <summary>
    /// "More Articles": other published articles, those sharing the section and tags first, then the latest.
    /// </summary>
    public static Task<Paged<ArticleCard>> MoreArticlesAsync(
        this BroadsheetDb db, int articleId, int sectionId, IReadOnlyList<int> tagIds, DateTime utcNow, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var tags = tagIds.ToArray();
        return db.Articles.AsNoTracking()
            .Published(utcNow)
            .Where(a => a.Id != articleId)
            .OrderByDescending(a => (a.SectionId == sectionId ? 2 : 0) + a.Tags.Count(t => tags.Contains(t.Id)))
            .ThenByDescending(a => a.PublishedAt)
            .ThenByDescending(a => a.Id)
            .ToPageAsync(page, pageSize, cancellationToken);
    }
}
