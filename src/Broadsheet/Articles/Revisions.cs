namespace Broadsheet.Articles;

/// <summary>A snapshot of an article's words, kept at every save so any two can be compared and one restored.</summary>
public sealed class ArticleRevision
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public required string Headline { get; set; }
    public string? Standfirst { get; set; }
    public required string Body { get; set; }

    /// <summary>The body's format at that save: restoring a revision from before "Convert to Markdown" brings the HTML back as HTML.</summary>
    public BodyFormat BodyFormat { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }

    /// <summary>What the save did: "Saved draft", "Published", "Restored revision 3" …</summary>
    public required string Note { get; set; }
}

/// <summary>
/// Text typed in the editor and saved in the background, not yet saved by the writer. It never
/// changes what readers see; the editor offers it back when the writer returns.
/// </summary>
public sealed class ArticleAutosave
{
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public required string UserId { get; set; }
    public required string Headline { get; set; }
    public string? Standfirst { get; set; }
    public required string Body { get; set; }
    public DateTime SavedAt { get; set; }
}

/// <summary>A dated, public note on a published article: a correction of an error or an update with new facts.</summary>
public sealed class Correction
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public CorrectionKind Kind { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UserId { get; set; }
}

public enum CorrectionKind
{
    Correction = 0,
    Update = 1,
}
