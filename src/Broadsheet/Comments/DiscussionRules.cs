using System.Text.RegularExpressions;

namespace Broadsheet.Comments;

/// <summary>The site's discussion settings, as WordPress's "Discussion" screen has them.</summary>
public sealed partial record DiscussionRules(
    bool OpenByDefault,
    int CloseAfterDays,
    bool HoldFirstComment,
    int MaxLinks,
    int ThreadDepth,
    int MaxLength,
    IReadOnlyList<string> ModerationKeys,
    IReadOnlyList<string> BlocklistKeys)
{
    /// <summary>How many top-level threads a page of a discussion shows; never less than one.</summary>
    public int CommentsPerPage { get; init => field = Math.Max(1, value); } = 50;

    /// <summary>The discussion's pages start with the newest threads (readers may ask for the other order).</summary>
    public bool NewestFirst { get; init; }

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public bool AreOpen(bool articleOpen, DateTime publishedAt, DateTime utcNow) =>
        articleOpen && (CloseAfterDays <= 0 || utcNow < publishedAt.AddDays(CloseAfterDays));

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    public static int CountLinks(string text) => LinkPattern().Count(text);

    /// <summary>
    /// The first key found in any of the comment's fields (text, name, email, website, address), compared
    /// without regard to case as WordPress does; null when none is.
    /// </summary>
    public static string? FindKey(IReadOnlyList<string> keys, CommentCandidate candidate)
    {
        foreach (var key in keys)
        {
            if (candidate.Body.Contains(key, StringComparison.OrdinalIgnoreCase)
                || candidate.Name.Contains(key, StringComparison.OrdinalIgnoreCase)
                || candidate.Email.Contains(key, StringComparison.OrdinalIgnoreCase)
                || (candidate.Website?.Contains(key, StringComparison.OrdinalIgnoreCase) ?? false)
                || string.Equals(candidate.Ip, key, StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>
    /// Where a new comment goes and why. <paramref name="hasApprovedBefore"/> says whether the same name and
    /// email already have an approved comment. The order puts robots' tells and blocklists (spam) before the
    /// reasons to hold, and the first-comment rule last.
    /// </summary>
    public (CommentStatus Status, string? Reason) Judge(CommentCandidate candidate, bool hasApprovedBefore)
    {
        if (candidate.HoneypotFilled)
        {
            return (CommentStatus.Spam, "Filled in the hidden field that only robots see.");
        }

        if (FindKey(BlocklistKeys, candidate) is { } blocked)
        {
            return (CommentStatus.Spam, $"Matches the blocklist entry “{blocked}”.");
        }

        if (!candidate.PassedChallenge)
        {
            return (CommentStatus.Pending, "Posted without the anti-spam check (no JavaScript).");
        }

        if (candidate.TooFast)
        {
            return (CommentStatus.Pending, "Posted too soon after the page loaded.");
        }

        var links = CountLinks(candidate.Body);
        if (links > MaxLinks)
        {
            return (CommentStatus.Pending, $"Has {links} links (more than {MaxLinks}).");
        }

        if (FindKey(ModerationKeys, candidate) is { } held)
        {
            return (CommentStatus.Pending, $"Matches the moderation entry “{held}”.");
        }

        if (HoldFirstComment && !hasApprovedBefore)
        {
            return (CommentStatus.Pending, "First comment under this name and email.");
        }

        return (CommentStatus.Approved, null);
    }
}

/// <summary>A comment as posted, with what the anti-spam checks found.</summary>
public sealed record CommentCandidate(
    string Body, string Name, string Email, string? Website, string? Ip,
    bool PassedChallenge, bool HoneypotFilled, bool TooFast);
