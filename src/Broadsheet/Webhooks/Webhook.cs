using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Webhooks;

/// <summary>The events a webhook endpoint can subscribe to (stored as flags).</summary>
[Flags]
public enum WebhookEvents
{
    None = 0,
    ArticlePublished = 1,
    ArticleUpdated = 2,
    ArticleUnpublished = 4,
    ArticleDeleted = 8,
    CommentApproved = 16,
    SubscriberConfirmed = 32,
}

/// <summary>An address that receives signed event deliveries (Standard Webhooks), managed by administrators.</summary>
public sealed class WebhookEndpoint
{
    public int Id { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    public WebhookEvents Events { get; set; }

    /// <summary>The signing secret (<c>whsec_</c> + base64), shown to the administrator once, when created or rotated.</summary>
    public required string Secret { get; set; }

    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    /// <summary>Since when every delivery has failed; the endpoint is disabled once this is older than the configured limit.</summary>
    public DateTime? FailingSince { get; set; }

    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,

    /// <summary>Gave up: retries exhausted, or the endpoint was disabled.</summary>
    Failed = 2,
}

/// <summary>
/// One event for one endpoint: written in the transaction of the event itself (an outbox row), then sent, retried
/// with backoff and claimed with a lease exactly like <see cref="Mail.OutboxMessage"/>.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public int EndpointId { get; set; }
    public WebhookEndpoint Endpoint { get; set; } = null!;

    /// <summary>The <c>webhook-id</c> header: the same on every attempt, so the receiver can drop repeats.</summary>
    public required string MessageId { get; set; }

    /// <summary>The event's name in the payload, e.g. <c>article.published</c>.</summary>
    public required string EventType { get; set; }

    /// <summary>The JSON body, fixed when the event happened.</summary>
    public required string Payload { get; set; }

    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? ClaimedBy { get; set; }
    public string? ClaimToken { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public List<WebhookAttempt> AttemptLog { get; set; } = [];
}

/// <summary>One try at sending a delivery, for the newsroom's delivery log.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public WebhookDelivery Delivery { get; set; } = null!;
    public DateTime AttemptedAt { get; set; }

    /// <summary>The HTTP status the target answered, or null when no answer came (refused, timed out, blocked).</summary>
    public int? StatusCode { get; set; }

    public int DurationMs { get; set; }
    public string? Error { get; set; }

    /// <summary>The start of the answer's body, for debugging.</summary>
    public string? ResponseExcerpt { get; set; }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> endpoint)
    {
        endpoint.Property(e => e.Url).HasMaxLength(2000);
        endpoint.Property(e => e.Description).HasMaxLength(500);
        endpoint.Property(e => e.Secret).HasMaxLength(200);
        endpoint.Property(e => e.DisabledReason).HasMaxLength(1000);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.Property(d => d.MessageId).HasMaxLength(64);
        delivery.Property(d => d.EventType).HasMaxLength(64);
        delivery.Property(d => d.ClaimedBy).HasMaxLength(200);
        delivery.Property(d => d.ClaimToken).HasMaxLength(64);
        delivery.Property(d => d.LastError).HasMaxLength(2000);
        delivery.HasOne(d => d.Endpoint).WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        // The sender looks for due work; the newsroom lists an endpoint's newest deliveries.
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        delivery.HasIndex(d => new { d.EndpointId, d.CreatedAt });
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> attempt)
    {
        attempt.Property(a => a.Error).HasMaxLength(2000);
        attempt.Property(a => a.ResponseExcerpt).HasMaxLength(2000);
        attempt.HasOne(a => a.Delivery).WithMany(d => d.AttemptLog).HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        attempt.HasIndex(a => new { a.DeliveryId, a.AttemptedAt });
    }
}
