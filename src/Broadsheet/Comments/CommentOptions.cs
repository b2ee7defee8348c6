namespace Broadsheet.Comments;

/// <summary>The <c>Broadsheet:Comments</c> configuration section; the discussion rules themselves are site settings.</summary>
public sealed class CommentOptions
{
    public const string SectionName = "Broadsheet:Comments";

    /// <summary>Comments posted sooner than this after the form was shown are held: people take longer to write.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Comment posts a client address may make in a minute; more are answered 429 with the text kept.</summary>
    public int PostsPerMinute { get; set; } = 5;

    /// <summary>Reports a client address may make in a minute.</summary>
    public int ReportsPerMinute { get; set; } = 10;
}
