using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broadsheet.Api.Content;

// The Content API's shapes. Field names are part of the contract: renaming one breaks clients, so add, never rename.
// Every time is UTC (ISO 8601, ending in Z) and every URL absolute.

[Description("A page of results, newest first. Follow `links.next` (or pass `nextCursor` as `cursor`) for the next one.")]
public sealed record ContentPage<T>(
    [property: Description("The results of this page.")] IReadOnlyList<T> Items,
    [property: Description("The page number when paging by page; null when paging by cursor.")] int? Page,
    [property: Description("How many results a page holds at most (1–100).")] int PerPage,
    [property: Description("How many results match in all.")] int Total,
    [property: Description("An opaque cursor for the page after this one, or null on the last page.")] string? NextCursor,
    PageLinks Links);

[Description("Absolute links to neighbouring pages of the same query.")]
public sealed record PageLinks(string Self, string? Next, string? Prev);

[Description("A published article as lists show it.")]
public sealed record ArticleSummary(
    int Id,
    string Slug,
    string Headline,
    string? Standfirst,
    [property: Description("The article's page on the site.")] string Url,
    [property: Description("This article in the API.")] string ApiUrl,
    DateTime PublishedAt,
    DateTime UpdatedAt,
    bool IsSticky,
    SectionRef Section,
    IReadOnlyList<TagRef> Tags,
    IReadOnlyList<AuthorRef> Authors,
    ImageInfo? Image);

[Description("A published article with its body, as written (Markdown or HTML) and rendered to HTML.")]
public sealed record ArticleDetail(
    int Id,
    string Slug,
    string Headline,
    string? Standfirst,
    string Url,
    string ApiUrl,
    DateTime PublishedAt,
    DateTime UpdatedAt,
    bool IsSticky,
    SectionRef Section,
    IReadOnlyList<TagRef> Tags,
    IReadOnlyList<AuthorRef> Authors,
    ImageInfo? Image,
    [property: Description("The body's source, in `bodyFormat`.")] string Body,
    [property: Description("`markdown`, or `html` for imported articles (already sanitized).")] string BodyFormat,
    [property: Description("The body rendered to HTML by the same code as the article page.")] string Html,
    [property: Description("Whether readers may comment now.")] bool CommentsOpen,
    [property: Description("The article's approved comments in the API.")] string CommentsUrl);

public sealed record SectionRef(int Id, string Slug, string Name, string Url);

public sealed record TagRef(int Id, string Slug, string Name, string Url);

public sealed record AuthorRef(int Id, string Slug, string Name, string Url);

public sealed record ImageInfo(string Url, string? Alt, string? Caption, string? Credit, int? Width, int? Height);

[Description("A section of the site (its menu, in order).")]
public sealed record SectionInfo(int Id, string Slug, string Name, string? Description, int Position, string Url, [property: Description("Its articles in the API.")] string ArticlesUrl);

[Description("A tag that at least one article carries.")]
public sealed record TagInfo(int Id, string Slug, string Name, string Url, string ArticlesUrl);

[Description("A writer with an author page (public fields only).")]
public sealed record AuthorInfo(int Id, string Slug, string Name, string? JobTitle, string? Bio, string Url, string ArticlesUrl);

[Description("A published static page (About, Contact…); lists leave out the body.")]
public sealed record StaticPageInfo(
    int Id,
    string Slug,
    string Title,
    string? Description,
    string Url,
    string ApiUrl,
    DateTime? PublishedAt,
    DateTime UpdatedAt,
    string? Body,
    string? BodyFormat,
    string? Html);

[Description("An approved reader comment; `parentId` makes threads (null for a top-level comment).")]
public sealed record CommentInfo(
    int Id,
    int? ParentId,
    string AuthorName,
    [property: Description("Written by a member of the newsroom.")] bool IsStaff,
    [property: Description("Plain text as the reader typed it: encode it before showing it as HTML.")] string Body,
    DateTime CreatedAt,
    DateTime? EditedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ContentPage<ArticleSummary>))]
[JsonSerializable(typeof(ContentPage<SectionInfo>))]
[JsonSerializable(typeof(ContentPage<TagInfo>))]
[JsonSerializable(typeof(ContentPage<AuthorInfo>))]
[JsonSerializable(typeof(ContentPage<StaticPageInfo>))]
[JsonSerializable(typeof(ContentPage<CommentInfo>))]
[JsonSerializable(typeof(ArticleDetail))]
[JsonSerializable(typeof(SectionInfo))]
[JsonSerializable(typeof(TagInfo))]
[JsonSerializable(typeof(AuthorInfo))]
[JsonSerializable(typeof(StaticPageInfo))]
public sealed partial class ContentJsonContext : JsonSerializerContext;
