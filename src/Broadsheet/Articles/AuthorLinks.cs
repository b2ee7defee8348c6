namespace Broadsheet.Articles;

/// <summary>An author's link as the author page shows it.</summary>
public sealed record AuthorLink(string Label, string Url);

/// <summary>The links an author profile can carry: a website and a few social profiles.</summary>
public static class AuthorLinks
{
    public const int MaxLength = 500;

    /// <summary>The <see cref="Author"/> properties that hold links, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<string> Properties =
        [nameof(Author.WebsiteUrl), nameof(Author.MastodonUrl), nameof(Author.BlueskyUrl), nameof(Author.LinkedInUrl), nameof(Author.XUrl)];

    public static IReadOnlyList<AuthorLink> Of(Author author) => Of(author.WebsiteUrl, author.MastodonUrl, author.BlueskyUrl, author.LinkedInUrl, author.XUrl);

    public static IReadOnlyList<AuthorLink> Of(string? website, string? mastodon, string? bluesky, string? linkedIn, string? x) =>
        new (string Label, string? Url)[] { ("Website", website), ("Mastodon", mastodon), ("Bluesky", bluesky), ("LinkedIn", linkedIn), ("X", x) }
            .Where(l => !string.IsNullOrEmpty(l.Url)).Select(l => new AuthorLink(l.Label, l.Url!)).ToList();

    /// <summary>
    /// The link as stored: trimmed, and only an absolute http(s) URL with a host (never <c>javascript:</c> or a
    /// path on this site). Null for an empty field; false when the text is not such a URL.
    /// </summary>
    public static bool TryNormalize(string? text, out string? url)
    {
        url = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return true;
        }

        if (trimmed.Length > MaxLength || trimmed.Any(char.IsControl)
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return false;
        }

        url = trimmed;
        return true;
    }
}
