using Broadsheet.Articles;

namespace Broadsheet.Subscriptions;

/// <summary>
/// One email address the site may write to: a reader who asked for alerts or digests, or who follows a
/// discussion. Nothing but a confirmation is ever sent to it before <see cref="Status"/> is Confirmed.
/// </summary>
public sealed class Subscriber
{
    public int Id { get; set; }

    /// <summary>As the reader typed it (trimmed).</summary>
    public required string Email { get; set; }

    /// <summary>Upper-case, for the unique index and lookups.</summary>
    public required string NormalizedEmail { get; set; }

    public SubscriberStatus Status { get; set; }

    /// <summary>Alerts as published, a daily or weekly digest, or none (an address that only follows discussions).</summary>
    public Frequency Frequency { get; set; }

    /// <summary>A paused subscriber keeps their choices and gets nothing until they resume.</summary>
    public bool Paused { get; set; }

    public List<SubscriberSection> Sections { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>When the address owner agreed (the confirmation click, or the consent date of an import).</summary>
    public DateTime? ConsentedAt { get; set; }

    /// <summary>How consent was given: "confirmed link", "import: …".</summary>
    public string? ConsentSource { get; set; }

    public DateTime? UnsubscribedAt { get; set; }

    /// <summary>The last confirmation mail queued for this address: at most one an hour.</summary>
    public DateTime? ConfirmationSentAt { get; set; }

    /// <summary>Permanent (5xx) refusals by the recipient's server since the last delivered message.</summary>
    public int BounceCount { get; set; }

    /// <summary>The last server answer that counted as a bounce; shown in the newsroom.</summary>
    public string? BounceReason { get; set; }

    /// <summary>
    /// Changes when the address is deleted and subscribes again, so the signed links of the earlier life stop working.
    /// </summary>
    public required string LinkKey { get; set; }

    /// <summary>Whether the site may send this address anything but a confirmation.</summary>
    public bool CanReceive => Status == SubscriberStatus.Confirmed;

    /// <summary>Whether alerts and digests go to this address.</summary>
    public bool GetsNews => CanReceive && !Paused && Frequency != Frequency.None;
}

public enum SubscriberStatus
{
    Pending = 0,
    Confirmed = 1,
    Unsubscribed = 2,

    /// <summary>Suspended after too many permanent delivery failures; the reason is in <see cref="Subscriber.BounceReason"/>.</summary>
    Bouncing = 3,
}

public enum Frequency
{
    None = 0,
    AsPublished = 1,
    Daily = 2,
    Weekly = 3,
}

/// <summary>A section whose articles a subscriber wants.</summary>
public sealed class SubscriberSection
{
    public int SubscriberId { get; set; }
    public Subscriber Subscriber { get; set; } = null!;
    public int SectionId { get; set; }
    public Section Section { get; set; } = null!;
}

/// <summary>
/// A reader following a discussion: every new approved comment on an article, or the replies to their own
/// comment. Active only once the address is confirmed.
/// </summary>
public sealed class DiscussionFollow
{
    public int Id { get; set; }
    public int SubscriberId { get; set; }
    public Subscriber Subscriber { get; set; } = null!;
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public FollowKind Kind { get; set; }

    /// <summary>For <see cref="FollowKind.RepliesToComment"/>: the reader's comment.</summary>
    public int? CommentId { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum FollowKind
{
    /// <summary>"Notify me of follow-up comments by email."</summary>
    AllComments = 0,

    /// <summary>"Notify me of new replies to my comment."</summary>
    RepliesToComment = 1,
}

/// <summary>A single-use signed link that has been used; kept until it would have expired anyway.</summary>
public sealed class SpentLink
{
    /// <summary>The link's random nonce.</summary>
    public required string Nonce { get; set; }

    public DateTime ExpiresAt { get; set; }
}
