using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Feeds;

public sealed record FeedItem(
    int Id, string Headline, string Slug, string Summary, DateTime PublishedAt, DateTime UpdatedAt,
    string SectionName, IReadOnlyList<string> Authors, IReadOnlyList<string> Tags);

/// <summary>A feed's channel: what it is about and where it lives.</summary>
public sealed record FeedChannel(string Title, string Description, string HtmlPath, string RssPath, string AtomPath);

public static class FeedQueries
{
    public const int ItemCount = 20;

    public static async Task<IReadOnlyList<FeedItem>> LatestForFeedAsync(this IQueryable<Article> published, CancellationToken cancellationToken)
    {
        var rows = await published.Latest().Take(ItemCount)
            .Select(a => new
            {
                a.Id,
                a.Headline,
                a.Slug,
                a.Standfirst,
                Body = a.Standfirst == null ? a.Body : null,
                a.BodyFormat,
                PublishedAt = a.PublishedAt!.Value,
                a.UpdatedAt,
                Section = a.Section.Name,
                Authors = a.Bylines.OrderBy(b => b.Position).Select(b => b.Author.Name).ToList(),
                Tags = a.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FeedItem(
            r.Id, r.Headline, r.Slug, r.Standfirst ?? ArticleBody.Excerpt(r.Body ?? "", r.BodyFormat), r.PublishedAt,
            r.UpdatedAt > r.PublishedAt ? r.UpdatedAt : r.PublishedAt, r.Section, r.Authors, r.Tags)).ToList();
    }
}
