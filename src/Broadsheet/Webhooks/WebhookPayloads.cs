using System.Text.Json.Serialization;

namespace Broadsheet.Webhooks;

/// <summary>An article as webhook events describe it; times in UTC, the URL absolute.</summary>
public sealed record ArticleData(
    int Id, string Headline, string Slug, string? Standfirst, string Status, string? Url, DateTime? PublishedAt, DateTime UpdatedAt,
    WebhookSection Section, IReadOnlyList<string> Tags, IReadOnlyList<string> Authors);

public sealed record WebhookSection(string Name, string Slug);

/// <summary>An approved comment; the commenter's email address is never sent.</summary>
public sealed record CommentData(int Id, int ArticleId, string ArticleHeadline, string? Url, string AuthorName, string Body, DateTime CreatedAt, bool IsStaff, int? ParentId);

/// <summary>A newly confirmed subscriber (the address is what a newsletter tool needs).</summary>
public sealed record SubscriberData(int Id, string Email, string Frequency, DateTime? ConfirmedAt);

/// <summary>The body of a test delivery sent from the newsroom.</summary>
public sealed record TestData(string Message, int EndpointId);

public sealed record ArticleMessage(string Type, DateTime Timestamp, ArticleData Data);

public sealed record CommentMessage(string Type, DateTime Timestamp, CommentData Data);

public sealed record SubscriberMessage(string Type, DateTime Timestamp, SubscriberData Data);

public sealed record TestMessage(string Type, DateTime Timestamp, TestData Data);

/// <summary>Standard Webhooks payloads (<c>type</c>, <c>timestamp</c>, <c>data</c>) with stable camelCase names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ArticleMessage))]
[JsonSerializable(typeof(CommentMessage))]
[JsonSerializable(typeof(SubscriberMessage))]
[JsonSerializable(typeof(TestMessage))]
internal sealed partial class WebhookJson : JsonSerializerContext;

/// <summary>The event names in payloads, and the subscription flag each belongs to.</summary>
public static class WebhookEventTypes
{
    public const string ArticlePublished = "article.published";
    public const string ArticleUpdated = "article.updated";
    public const string ArticleUnpublished = "article.unpublished";
    public const string ArticleDeleted = "article.deleted";
    public const string CommentApproved = "comment.approved";
    public const string SubscriberConfirmed = "subscriber.confirmed";
    public const string Test = "webhook.test";

    public static IReadOnlyList<(WebhookEvents Flag, string Type, string Label)> All { get; } =
    [
        (WebhookEvents.ArticlePublished, ArticlePublished, "Article published"),
        (WebhookEvents.ArticleUpdated, ArticleUpdated, "Live article updated"),
        (WebhookEvents.ArticleUnpublished, ArticleUnpublished, "Article unpublished"),
        (WebhookEvents.ArticleDeleted, ArticleDeleted, "Article deleted"),
        (WebhookEvents.CommentApproved, CommentApproved, "Comment approved"),
        (WebhookEvents.SubscriberConfirmed, SubscriberConfirmed, "Subscriber confirmed"),
    ];
}
