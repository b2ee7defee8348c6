using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Api.Admin;

/// <summary>An article as the Admin API shows it (every status); URLs are absolute, times UTC.</summary>
public sealed record AdminArticle(
    int Id,
    string Headline,
    string Slug,
    string? Standfirst,
    [property: Description("The body's source: Markdown (or sanitized HTML for imported articles, see bodyFormat).")] string Body,
    [property: Description("markdown or html")] string BodyFormat,
    [property: Description("draft, pendingReview, scheduled, published or unpublished")] string Status,
    int SectionId,
    IReadOnlyList<string> Tags,
    IReadOnlyList<int> AuthorIds,
    string? ImageUrl,
    string? ImageAlt,
    bool CommentsOpen,
    DateTime? PublishedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: Description("The public address, once the article is live.")] string? Url,
    [property: Description("The article in the newsroom editor.")] string EditUrl);

/// <summary>One page of articles, newest change first.</summary>
public sealed record AdminArticleList(IReadOnlyList<AdminArticle> Items, int Page, int PageSize, bool HasNext);

/// <summary>
/// What an article is made of, as the newsroom editor's form has it. On update every field is replaced: send the
/// article as you want it to be. The body is Markdown.
/// </summary>
public sealed class ArticleRequest
{
    [Description("Required; up to 300 characters.")]
    public string? Headline { get; set; }

    [Description("Made from the headline when empty.")]
    public string? Slug { get; set; }

    public string? Standfirst { get; set; }

    [Description("Markdown. Required before publishing.")]
    public string? Body { get; set; }

    [Description("Required: the id of a section.")]
    public int? SectionId { get; set; }

    [Description("Tag names; new names become new tags (at most 20).")]
    public List<string>? Tags { get; set; }

    [Description("Byline author ids; empty means the token owner's own profile.")]
    public List<int>? AuthorIds { get; set; }

    [Description("A media library id for the article's image (see POST /api/v1/admin/media), or null for none.")]
    public int? ImageId { get; set; }

    [Description("Required with an image.")]
    public string? ImageAlt { get; set; }

    public string? ImageCaption { get; set; }
    public string? ImageCredit { get; set; }
    public bool? CommentsOpen { get; set; }

    [Description("Alert the section's subscribers when the article first goes live (default true).")]
    public bool? EmailSubscribers { get; set; }
}

/// <summary>When a scheduled article goes live.</summary>
public sealed record ScheduleRequest([property: Description("A time in the future, ISO 8601 with an offset (UTC preferred).")] DateTimeOffset? PublishAt);

/// <summary>An image in the media library, with absolute URLs.</summary>
public sealed record AdminMedia(
    int Id, string Url, string ThumbnailUrl, IReadOnlyList<string> VariantUrls, string OriginalName, string ContentType, long Length,
    int Width, int Height, string? Alt, string? Credit, DateTime UploadedAt);

/// <summary>A reader's comment as moderators see it.</summary>
public sealed record AdminComment(
    int Id, int ArticleId, string ArticleHeadline, int? ParentId, string AuthorName, string AuthorEmail, string? AuthorUrl, string Body,
    [property: Description("pending, approved, spam or trash")] string Status, string? ModerationReason, int Reports, bool IsStaff, DateTime CreatedAt);

public sealed record AdminCommentList(IReadOnlyList<AdminComment> Items, int Page, int PageSize, bool HasNext);

/// <summary>A subscriber, without the private link key.</summary>
public sealed record AdminSubscriber(
    int Id, string Email, [property: Description("pending, confirmed, unsubscribed or bouncing")] string Status, string Frequency, bool Paused,
    IReadOnlyList<int> SectionIds, DateTime CreatedAt, DateTime? ConsentedAt, string? ConsentSource, DateTime? UnsubscribedAt);

public sealed record AdminSubscriberList(IReadOnlyList<AdminSubscriber> Items, int Page, int PageSize, int Total, bool HasNext);

/// <summary>System.Text.Json source generation for the Admin API: camelCase, no reflection at run time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AdminArticle))]
[JsonSerializable(typeof(AdminArticleList))]
[JsonSerializable(typeof(ArticleRequest))]
[JsonSerializable(typeof(ScheduleRequest))]
[JsonSerializable(typeof(AdminMedia))]
[JsonSerializable(typeof(AdminComment))]
[JsonSerializable(typeof(AdminCommentList))]
[JsonSerializable(typeof(AdminSubscriber))]
[JsonSerializable(typeof(AdminSubscriberList))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
