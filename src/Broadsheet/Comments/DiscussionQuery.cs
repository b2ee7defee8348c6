using System.Globalization;

namespace Broadsheet.Comments;

/// <summary>
/// The page and order of the discussion an article URL asks for: ?cpage=N (N ≥ 2) and, when the reader picks
/// the order the site does not show by default, ?order=newest or ?order=oldest. Only the canonical spelling is
/// served (and cached); anything else is redirected to it.
/// </summary>
public sealed record DiscussionQuery(string ArticlePath, int Page, bool NewestFirst, bool SiteNewestFirst)
{
    public const string PageKey = "cpage";
    public const string OrderKey = "order";

    /// <summary>The reader asked for the order the site does not show by default.</summary>
    public bool ReaderOrder => NewestFirst != SiteNewestFirst;

    /// <summary>The article's path with the query that shows <paramref name="page"/> in the given order.</summary>
    public string PathFor(int page, bool newestFirst)
    {
        var order = newestFirst == SiteNewestFirst ? null : $"{OrderKey}={(newestFirst ? "newest" : "oldest")}";
        var cpage = page > 1 ? $"{PageKey}={page.ToString(CultureInfo.InvariantCulture)}" : null;
        return (order, cpage) switch
        {
            (null, null) => ArticlePath,
            (null, _) => $"{ArticlePath}?{cpage}",
            (_, null) => $"{ArticlePath}?{order}",
            _ => $"{ArticlePath}?{order}&{cpage}",
        };
    }

    public string PathFor(int page) => PathFor(page, NewestFirst);

    /// <summary>Pages in the reader's order are the site's pages in another order: they name those as canonical.</summary>
    public string CanonicalPath => ReaderOrder ? ArticlePath : PathFor(Page);

    /// <summary>
    /// Reads the query; <c>Redirect</c> is set when the URL asks for a page in any spelling but the canonical one
    /// (?cpage=1, ?cpage=02, ?cpage=abc, ?order=sideways, the site's own order spelled out, a stray ?page=).
    /// </summary>
    public static (DiscussionQuery Query, string? Redirect) Parse(string articlePath, IQueryCollection query, bool siteNewestFirst)
    {
        var canonical = !query.ContainsKey("page");
        var newestFirst = siteNewestFirst;
        var order = query[OrderKey];
        if (order.Count > 0)
        {
            canonical = false;
            if (order.Count == 1 && order[0] is ("newest" or "oldest") && (order[0] == "newest") != siteNewestFirst)
            {
                newestFirst = !siteNewestFirst;
                canonical = true;
            }
        }

        var page = 1;
        var cpage = query[PageKey];
        if (cpage.Count > 0)
        {
            canonical &= cpage.Count == 1;
            if (int.TryParse(cpage[0], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked > 1)
            {
                page = asked;
            }

            canonical &= page > 1 && page.ToString(CultureInfo.InvariantCulture) == cpage[0];
        }

        var parsed = new DiscussionQuery(articlePath, page, newestFirst, siteNewestFirst);
        return (parsed, canonical ? null : parsed.PathFor(page));
    }
}
