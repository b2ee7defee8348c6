namespace Broadsheet.Mail;

/// <summary>
/// One message waiting for, or done with, delivery. It is written in the same database transaction as
/// the event that causes it, and the sender marks it sent as soon as the mail server accepts it: a crash
/// can repeat only a message that was in flight, and the repeat carries the same <see cref="MessageId"/>.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>The <c>Message-ID</c> header (without angle brackets), fixed when the message is queued.</summary>
    public required string MessageId { get; set; }

    public MailKind Kind { get; set; }

    public required string ToAddress { get; set; }
    public string? ToName { get; set; }

    /// <summary>The subscriber it is for, when there is one (bounces are counted against them).</summary>
    public int? SubscriberId { get; set; }

    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }

    /// <summary>The one-click unsubscribe URL (RFC 8058) for <c>List-Unsubscribe</c>; null for account mail.</summary>
    public string? UnsubscribeUrl { get; set; }

    /// <summary>The fan-out job that wrote it, if any, so a job never writes the same subscriber twice.</summary>
    public long? JobId { get; set; }

    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Not sent before this time (backoff after a temporary failure).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>While set and in the future, a sender has claimed the message; after it, anyone may take it over.</summary>
    public DateTime? LockedUntil { get; set; }

    /// <summary>The node that claimed it (<c>Broadsheet:NodeName</c>); a restarted node releases its earlier claims at once.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Unique per claim, so a sender loads exactly the rows it claimed.</summary>
    public string? ClaimToken { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>The mail server's last answer when it was not accepted.</summary>
    public string? LastError { get; set; }
}

public enum OutboxStatus
{
    Queued = 0,
    Sent = 1,
    Failed = 2,

    /// <summary>Not sent because the recipient unsubscribed or was suspended before it went out.</summary>
    Cancelled = 3,
}

public enum MailKind
{
    Account = 0,
    Confirmation = 1,
    Alert = 2,
    Digest = 3,
    FollowUp = 4,
    Test = 5,
}

/// <summary>
/// A mailing to many subscribers (an alert or a digest), written with the event that causes it. A worker
/// turns it into <see cref="OutboxMessage"/> rows a page of subscribers at a time, recording in the same
/// transaction how far it got, so no list of subscribers is ever held in memory whole.
/// </summary>
public sealed class MailJob
{
    public long Id { get; set; }
    public MailJobKind Kind { get; set; }

    /// <summary>For an alert: the article.</summary>
    public int? ArticleId { get; set; }

    /// <summary>
    /// For a digest: the period it covers (UTC, end exclusive). For an alert: the publication time. Unique with
    /// <see cref="Kind"/> and <see cref="ArticleId"/>, so two nodes never queue the same mailing.
    /// </summary>
    public DateTime PeriodStart { get; set; }

    public DateTime PeriodEnd { get; set; }

    /// <summary>The last subscriber id done; the next page starts after it.</summary>
    public int Cursor { get; set; }

    public bool Done { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LockedUntil { get; set; }

    /// <summary>How many messages it queued.</summary>
    public int Queued { get; set; }
}

public enum MailJobKind
{
    Alert = 0,
    DailyDigest = 1,
    WeeklyDigest = 2,
}
