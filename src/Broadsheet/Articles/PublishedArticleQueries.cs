using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// The article page's lookup, compiled once: EF skips translating and hashing the expression tree on every request,
/// and the page sends two commands (the article, then its bylines, tags and corrections together) where a split
/// query sent four, each repeating the slug lookup.
/// </summary>
internal static class PublishedArticleQueries
{
    private sealed record Head(
        int Id, string Headline, string Slug, string? Standfirst, string Body, BodyFormat BodyFormat, DateTime PublishedAt,
        DateTime UpdatedAt, int SectionId, string SectionName, string SectionSlug, string? ImageUrl, string? ImageAlt,
        string? ImageCaption, string? ImageCredit, int? ImageWidth, int? ImageHeight, bool CommentsOpen, string? ImageVariants);

    private sealed record Lists(List<BylineView> Bylines, List<TagView> Tags, List<CorrectionView> Corrections);

    private static readonly Func<BroadsheetDb, string, DateTime, CancellationToken, Task<Head?>> FindHead =
        EF.CompileAsyncQuery((BroadsheetDb db, string slug, DateTime utcNow, CancellationToken _) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= utcNow && a.Slug == slug)
                .Select(a => new Head(
                    a.Id, a.Headline, a.Slug, a.Standfirst, a.Body, a.BodyFormat, a.PublishedAt!.Value, a.UpdatedAt,
                    a.SectionId, a.Section.Name, a.Section.Slug,
                    a.ImageUrl, a.ImageAlt, a.ImageCaption, a.ImageCredit, a.ImageWidth, a.ImageHeight,
                    a.CommentsOpen, a.ImageVariants))
                .FirstOrDefault());

    // One command for three short lists: the rows multiply (bylines × tags × corrections) but stay a handful.
    private static readonly Func<BroadsheetDb, int, CancellationToken, Task<Lists?>> FindLists =
        EF.CompileAsyncQuery((BroadsheetDb db, int id, CancellationToken _) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Id == id)
                .Select(a => new Lists(
                    a.Bylines.OrderBy(b => b.Position).Select(b => new BylineView(b.AuthorId, b.Author.Name, b.Author.Slug)).ToList(),
                    a.Tags.OrderBy(t => t.Name).Select(t => new TagView(t.Id, t.Name, t.Slug)).ToList(),
                    a.Corrections.OrderBy(c => c.CreatedAt).Select(c => new CorrectionView(c.Kind, c.Text, c.CreatedAt)).ToList()))
                .AsSingleQuery()
                .FirstOrDefault());

    public static async Task<ArticleView?> FindPublishedAsync(BroadsheetDb db, string slug, DateTime utcNow, CancellationToken cancellationToken)
    {
        if (await FindHead(db, slug, utcNow, cancellationToken) is not { } a)
        {
            return null;
        }

        // Deleted between the two commands: as good as never found.
        if (await FindLists(db, a.Id, cancellationToken) is not { } lists)
        {
            return null;
        }

        return new ArticleView(
            a.Id, a.Headline, a.Slug, a.Standfirst, a.Body, a.BodyFormat, a.PublishedAt, a.UpdatedAt,
            a.SectionId, a.SectionName, a.SectionSlug,
            a.ImageUrl, a.ImageAlt, a.ImageCaption, a.ImageCredit, a.ImageWidth, a.ImageHeight,
            a.CommentsOpen, lists.Bylines, lists.Tags, a.ImageVariants, lists.Corrections);
    }
}
