using Broadsheet.Articles;

namespace Broadsheet.Comments;

/// <summary>A reader's reply under an article; <see cref="ParentId"/> makes threads.</summary>
public sealed class Comment
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public int? ParentId { get; set; }
    public Comment? Parent { get; set; }

    public required string AuthorName { get; set; }

    /// <summary>Never shown publicly.</summary>
    public required string AuthorEmail { get; set; }

    public string? AuthorUrl { get; set; }

    /// <summary>Plain text as the reader typed it; encoded when shown.</summary>
    public required string Body { get; set; }

    public CommentStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When a moderator last edited the text.</summary>
    public DateTime? EditedAt { get; set; }

    public bool IsStaff { get; set; }

    /// <summary>The newsroom member who wrote a staff reply (no foreign key: a removed account keeps its replies).</summary>
    public string? StaffUserId { get; set; }

    /// <summary>The poster's address, for blocklists and moderators; never shown publicly.</summary>
    public string? AuthorIp { get; set; }

    /// <summary>Why a comment was held or marked as spam, for the moderator.</summary>
    public string? ModerationReason { get; set; }

    /// <summary>How many readers reported it (one each); see <see cref="CommentReport"/>.</summary>
    public int ReportCount { get; set; }

    /// <summary>When the discussion's followers were mailed about it (once, on its first approval).</summary>
    public DateTime? FollowersNotifiedAt { get; set; }

    /// <summary>A reader's comment, or a pingback or trackback imported from WordPress (hidden by default).</summary>
    public CommentKind Kind { get; set; }

    /// <summary>The comment's id on the WordPress site it was imported from, so a second import adds nothing.</summary>
    public int? WordPressId { get; set; }

    /// <summary>The status it had when it was moved to the trash, to come back to on restore (null outside the trash).</summary>
    public CommentStatus? StatusBeforeTrash { get; set; }

    /// <summary>It went to the trash with its article, and comes back with it.</summary>
    public bool TrashedWithArticle { get; set; }
}

public enum CommentKind
{
    Comment = 0,
    Pingback = 1,
    Trackback = 2,
}

/// <summary>A reader's report of a comment; one per reader (keyed by a hash of their address) and comment.</summary>
public sealed class CommentReport
{
    public int Id { get; set; }
    public int CommentId { get; set; }
    public Comment Comment { get; set; } = null!;
    public required string ReporterKey { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Spam = 2,
    Trash = 3,
}
