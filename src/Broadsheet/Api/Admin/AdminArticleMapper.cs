using Broadsheet.Articles;
using Broadsheet.Editing;
using Broadsheet.Site;

namespace Broadsheet.Api.Admin;

/// <summary>Articles into the API's shape (absolute URLs, UTC) and back into the editor's form.</summary>
public sealed class AdminArticleMapper(SiteUrls urls, SiteCalendar calendar)
{
    public SiteCalendar Calendar => calendar;

    public string ApiUrl(int id) => urls.Absolute(FormattableString.Invariant($"{AdminApiSetup.Prefix}/articles/{id}"));

    public AdminArticle Map(Article article) => new(
        article.Id,
        article.Headline,
        article.Slug,
        article.Standfirst,
        article.Body,
        article.BodyFormat == BodyFormat.Html ? "html" : "markdown",
        StatusName(article.Status),
        article.SectionId,
        article.Tags.Select(t => t.Name).ToList(),
        article.Bylines.OrderBy(b => b.Position).Select(b => b.AuthorId).ToList(),
        article.ImageUrl is { } image ? urls.Absolute(image) : null,
        article.ImageAlt,
        article.CommentsOpen,
        Utc(article.PublishedAt),
        Utc(article.CreatedAt),
        Utc(article.UpdatedAt),
        article.Status is ArticleStatus.Published or ArticleStatus.Scheduled && article.PublishedAt is { } published
            ? urls.Absolute(calendar.ArticlePath(published, article.Slug)) : null,
        urls.Absolute(FormattableString.Invariant($"/newsroom/articles/edit/{article.Id}")));

    /// <summary>The editor's form filled from the article as it is, for the workflow actions that change nothing else.</summary>
    public ArticleInput InputFrom(Article article) => ArticleInput.From(article, calendar);

    public static string StatusName(ArticleStatus status) => status switch
    {
        ArticleStatus.PendingReview => "pendingReview",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Times are stored in UTC; the database may hand them back without saying so.</summary>
    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public static DateTime? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
