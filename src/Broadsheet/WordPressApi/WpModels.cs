using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Broadsheet.WordPressApi;

// The shapes WordPress's REST API answers with (wp/v2, "view" context), so clients written for WordPress read ours.
// Property names follow WordPress (snake_case, through the serializer context's naming policy).

public sealed record WpRendered(string Rendered);

public sealed record WpContent(string Rendered, bool Protected = false);

public sealed record WpLink(string Href, bool? Embeddable = null, string? Taxonomy = null);

public sealed record WpPost(
    int Id,
    string Date,
    string DateGmt,
    [property: JsonPropertyName("guid")] WpRendered Permalink,
    string Modified,
    string ModifiedGmt,
    string Slug,
    string Status,
    string Type,
    string Link,
    WpRendered Title,
    WpContent Content,
    WpContent Excerpt,
    int Author,
    int FeaturedMedia,
    string CommentStatus,
    string PingStatus,
    bool Sticky,
    string Template,
    string Format,
    JsonArray Meta,
    IReadOnlyList<int> Categories,
    IReadOnlyList<int> Tags,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links)
{
    [JsonPropertyName("_embedded")]
    public WpPostEmbeds? Embedded { get; init; }
}

public sealed record WpPostEmbeds(
    [property: JsonPropertyName("author")] IReadOnlyList<WpUser>? Author,
    [property: JsonPropertyName("wp:featuredmedia")] IReadOnlyList<WpMedia>? FeaturedMedia,
    [property: JsonPropertyName("wp:term")] IReadOnlyList<IReadOnlyList<WpTermEmbed>>? Terms);

public sealed record WpPage(
    int Id,
    string Date,
    string DateGmt,
    [property: JsonPropertyName("guid")] WpRendered Permalink,
    string Modified,
    string ModifiedGmt,
    string Slug,
    string Status,
    string Type,
    string Link,
    WpRendered Title,
    WpContent Content,
    WpContent Excerpt,
    int Author,
    int FeaturedMedia,
    int Parent,
    int MenuOrder,
    string CommentStatus,
    string PingStatus,
    string Template,
    JsonArray Meta,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links);

/// <summary>A category (one of our sections) or a tag.</summary>
public sealed record WpTerm(
    int Id,
    int Count,
    string Description,
    string Link,
    string Name,
    string Slug,
    string Taxonomy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Parent,
    JsonArray Meta,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links);

/// <summary>
/// A term as WordPress embeds it in a post (the fields of its "embed" context): without the count, description, parent
/// and meta of the term's own answer.
/// </summary>
public sealed record WpTermEmbed(
    int Id,
    string Link,
    string Name,
    string Slug,
    string Taxonomy,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links)
{
    public static WpTermEmbed Of(WpTerm term) => new(term.Id, term.Link, term.Name, term.Slug, term.Taxonomy, term.Links);
}

/// <summary>An author, with the fields WordPress shows anyone (no email, no roles).</summary>
public sealed record WpUser(
    int Id,
    string Name,
    string Url,
    string Description,
    string Link,
    string Slug,
    IReadOnlyDictionary<string, string> AvatarUrls,
    JsonArray Meta,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links);

public sealed record WpComment(
    int Id,
    int Post,
    int Parent,
    int Author,
    string AuthorName,
    string AuthorUrl,
    string Date,
    string DateGmt,
    WpRendered Content,
    string Link,
    string Status,
    string Type,
    IReadOnlyDictionary<string, string> AuthorAvatarUrls,
    JsonArray Meta,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links);

public sealed record WpMedia(
    int Id,
    string Date,
    string DateGmt,
    [property: JsonPropertyName("guid")] WpRendered Permalink,
    string Modified,
    string ModifiedGmt,
    string Slug,
    string Status,
    string Type,
    string Link,
    WpRendered Title,
    int Author,
    string CommentStatus,
    string PingStatus,
    string Template,
    JsonArray Meta,
    WpRendered Description,
    WpRendered Caption,
    string AltText,
    string MediaType,
    string MimeType,
    WpMediaDetails MediaDetails,
    int? Post,
    string SourceUrl,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links);

public sealed record WpMediaDetails(int Width, int Height, string File, IReadOnlyDictionary<string, WpMediaSize> Sizes);

public sealed record WpMediaSize(string File, int Width, int Height, string MimeType, string SourceUrl);

/// <summary>A WordPress-style error: <c>{"code":…,"message":…,"data":{"status":…}}</c>.</summary>
public sealed record WpErrorBody(string Code, string Message, WpErrorData Data);

public sealed record WpErrorData(
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Params = null);

/// <summary>The index at <c>/wp-json/</c> that clients read to discover the API.</summary>
public sealed record WpIndex(
    string Name,
    string Description,
    string Url,
    string Home,
    double GmtOffset,
    string TimezoneString,
    IReadOnlyList<string> Namespaces,
    JsonObject Authentication,
    IReadOnlyDictionary<string, WpRoute> Routes,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links);

public sealed record WpNamespaceIndex(
    [property: JsonPropertyName("namespace")] string Namespace,
    IReadOnlyDictionary<string, WpRoute> Routes,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links);

public sealed record WpRoute(
    [property: JsonPropertyName("namespace")] string Namespace,
    IReadOnlyList<string> Methods,
    IReadOnlyList<WpEndpoint> Endpoints,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, string>? Links);

public sealed record WpEndpoint(IReadOnlyList<string> Methods, IReadOnlyDictionary<string, WpArg> Args);

public sealed record WpArg(bool Required, string? Type = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<WpPost>))]
[JsonSerializable(typeof(WpPost))]
[JsonSerializable(typeof(List<WpPage>))]
[JsonSerializable(typeof(WpPage))]
[JsonSerializable(typeof(List<WpTerm>))]
[JsonSerializable(typeof(WpTerm))]
[JsonSerializable(typeof(List<WpUser>))]
[JsonSerializable(typeof(WpUser))]
[JsonSerializable(typeof(List<WpComment>))]
[JsonSerializable(typeof(WpComment))]
[JsonSerializable(typeof(List<WpMedia>))]
[JsonSerializable(typeof(WpMedia))]
[JsonSerializable(typeof(WpErrorBody))]
[JsonSerializable(typeof(WpIndex))]
[JsonSerializable(typeof(WpNamespaceIndex))]
[JsonSerializable(typeof(JsonNode))]
public sealed partial class WpJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context answers are written with. WordPress leaves &lt;, &gt;, &amp; and quotes in rendered HTML as they are
    /// (PHP's json_encode escapes only slashes), so we do too: rendered bodies stay readable and a fifth smaller.
    /// Safe here because every answer is application/json with nosniff, never HTML.
    /// </summary>
    public static WpJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
