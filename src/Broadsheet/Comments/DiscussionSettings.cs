using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Comments;

/// <summary>
/// The discussion settings the newsroom edits, as WordPress's Discussion screen has them. Stored with the
/// site settings (the same row and columns), read as <see cref="DiscussionRules"/>.
/// </summary>
public sealed class DiscussionSettings
{
    /// <summary>Whether a new article takes comments until its editor says otherwise.</summary>
    public bool CommentsOpenByDefault { get; set; } = true;

    /// <summary>Close an article's comments this many days after publication; 0 keeps them open.</summary>
    public int CloseCommentsAfterDays { get; set; }

    /// <summary>Hold a commenter's first comment; approve later ones under the same name and email.</summary>
    public bool HoldFirstComment { get; set; } = true;

    /// <summary>Hold a comment with more links than this.</summary>
    public int MaxLinks { get; set; } = 2;

    /// <summary>How deep replies nest (1 = no replies).</summary>
    public int ThreadDepth { get; set; } = 3;

    public int MaxCommentLength { get; set; } = 5000;

    /// <summary>How many top-level threads (with all their replies) a page of an article's discussion shows.</summary>
    public int CommentsPerPage { get; set; } = 50;

    /// <summary>Show the newest threads first (the article page then holds the latest discussion).</summary>
    public bool NewestCommentsFirst { get; set; }

    /// <summary>Words, addresses or emails (one a line) that hold a comment for moderation.</summary>
    public string ModerationKeys { get; set; } = "";

    /// <summary>Words, addresses or emails (one a line) that mark a comment as spam.</summary>
    public string BlocklistKeys { get; set; } = "";

    public DiscussionSettings Copy() => (DiscussionSettings)MemberwiseClone();

    public DiscussionRules ToRules() => new(
        CommentsOpenByDefault, CloseCommentsAfterDays, HoldFirstComment, MaxLinks, ThreadDepth, MaxCommentLength,
        DiscussionRules.Lines(ModerationKeys), DiscussionRules.Lines(BlocklistKeys))
    {
        CommentsPerPage = CommentsPerPage,
        NewestFirst = NewestCommentsFirst,
    };

    /// <summary>Maps the settings to the columns of the row that holds them, under their own names.</summary>
    internal static void Configure(ComplexPropertyBuilder<DiscussionSettings> discussion)
    {
        discussion.Property(d => d.CommentsOpenByDefault).HasColumnName(nameof(CommentsOpenByDefault));
        discussion.Property(d => d.CloseCommentsAfterDays).HasColumnName(nameof(CloseCommentsAfterDays));
        discussion.Property(d => d.HoldFirstComment).HasColumnName(nameof(HoldFirstComment));
        discussion.Property(d => d.MaxLinks).HasColumnName(nameof(MaxLinks));
        discussion.Property(d => d.ThreadDepth).HasColumnName(nameof(ThreadDepth));
        discussion.Property(d => d.MaxCommentLength).HasColumnName(nameof(MaxCommentLength));
        discussion.Property(d => d.CommentsPerPage).HasColumnName(nameof(CommentsPerPage));
        discussion.Property(d => d.NewestCommentsFirst).HasColumnName(nameof(NewestCommentsFirst));
        discussion.Property(d => d.ModerationKeys).HasColumnName(nameof(ModerationKeys)).HasMaxLength(20000);
        discussion.Property(d => d.BlocklistKeys).HasColumnName(nameof(BlocklistKeys)).HasMaxLength(20000);
    }
}
