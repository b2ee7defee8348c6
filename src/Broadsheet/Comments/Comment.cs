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
    public bool IsStaff { get; set; }
}

public enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Spam = 2,
    Trash = 3,
}
