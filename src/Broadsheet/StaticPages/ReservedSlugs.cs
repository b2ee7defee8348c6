using Microsoft.AspNetCore.Routing.Patterns;

namespace Broadsheet.StaticPages;

/// <summary>
/// Slugs a page may not take because the address is the site's: the first segment of every route the app
/// maps (feed, newsroom, section, sitemap.xml …, read from the routes themselves so a new feature is covered
/// without a list to keep), the WordPress paths that old links still use, and numbers, which are year archives.
/// </summary>
public sealed class ReservedSlugs(EndpointDataSource endpoints)
{
    /// <summary>Paths of the WordPress install a site moved from; their redirects must keep reaching the old-address table.</summary>
    private static readonly string[] WordPressPaths = ["wp-admin", "wp-content", "wp-includes", "wp-json", "wp-login", "xmlrpc", "index-php", "feed"];

    private HashSet<string>? reserved;

    /// <summary>True when /<paramref name="slug"/> is an address of the site itself.</summary>
    public bool IsReserved(string slug) =>
        slug.All(char.IsAsciiDigit) || slug.StartsWith("wp-", StringComparison.Ordinal) || Reserved.Contains(slug);

    private HashSet<string> Reserved => reserved ??= Collect();

    private HashSet<string> Collect()
    {
        var slugs = new HashSet<string>(WordPressPaths, StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.PathSegments is [var first, ..] && first.Parts is [RoutePatternLiteralPart literal, ..])
            {
                // "sitemap.xml" cannot be a slug (no dots), but "sitemap" would confuse readers all the same.
                slugs.Add(literal.Content.ToLowerInvariant().Split('.')[0]);
            }
        }

        return slugs;
    }
}
