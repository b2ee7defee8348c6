namespace Broadsheet.Comments;

/// <summary>A level of a comment thread as the article page shows it.</summary>
public sealed record CommentThreadView(IReadOnlyList<CommentNode> Comments, int Depth, int ArticleId, bool RepliesOpen, int MaxDepth)
{
    public bool AllowsReplies => RepliesOpen && Depth < MaxDepth;

    public CommentThreadView Replies(CommentNode parent) => this with { Comments = parent.Replies, Depth = Depth + 1 };
}

/// <summary>
/// The "LEAVE A REPLY" form. On the cached article page it carries no per-reader values (the script fetches
/// them); on the reply page it is rendered with the reader's input, errors, token and form stamp.
/// </summary>
public sealed record CommentFormView(int ArticleId, string ArticlePath, int MaxLength)
{
    public CommentInput Input { get; init; } = new();
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();
    public string? Message { get; init; }

    /// <summary>Set on the uncached reply page: the form is signed for this reader.</summary>
    public string? Stamp { get; init; }

    public string? ParentAuthor { get; init; }

    public string? Error(string field) => Errors.TryGetValue(field, out var message) ? message : null;
}
