using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Pages;

/// <summary>What the layout puts in a page's head: title, canonical link, pagination links and social metadata.</summary>
public sealed class PageMeta
{
    public string Title { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Site-relative path of the canonical URL; the layout makes it absolute.</summary>
    public string CanonicalPath { get; set; } = "/";

    public string? PreviousPath { get; set; }
    public string? NextPath { get; set; }
    public string OpenGraphType { get; set; } = "website";
    public string? ImagePath { get; set; }
    public string? ImageAlt { get; set; }

    /// <summary>Extra OpenGraph properties (article:published_time, article:tag …).</summary>
    public List<KeyValuePair<string, string>> OpenGraph { get; } = [];

    /// <summary>Serialized JSON-LD; already safe to place inside a script data block.</summary>
    public string? JsonLd { get; set; }

    public string? FeedPath { get; set; }
    public string? FeedTitle { get; set; }
    public bool NoIndex { get; set; }
}

public abstract class SitePage : PageModel
{
    public PageMeta Meta { get; } = new();

    protected static string WithPage(string path, int page) => page <= 1 ? path : $"{path}?page={page}";

    /// <summary>
    /// A 301 that browsers and CDNs keep for an hour, not forever: a slug can be renamed back, and a
    /// permanently cached redirect would then loop.
    /// </summary>
    protected RedirectResult MovedTo(string path)
    {
        Response.Headers.CacheControl = "public, max-age=3600";
        return RedirectPermanent(path);
    }

    /// <summary>
    /// True unless the query names a page in a form other than the canonical one ("?page=2", never
    /// "?page=02", "?page=1" or "?page=abc"), so stray values neither show duplicates nor fill the cache.
    /// </summary>
    protected bool PageQueryIsCanonical(int page, int firstPage = 1)
    {
        var values = Request.Query["page"];
        return values.Count == 0
            || (values.Count == 1 && page > firstPage && values[0] == page.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    protected void SetPagination(string path, int page, bool hasNext)
    {
        Meta.CanonicalPath = WithPage(path, page);
        Meta.PreviousPath = page > 1 ? WithPage(path, page - 1) : null;
        Meta.NextPath = hasNext ? WithPage(path, page + 1) : null;
    }
}

public sealed record Pager(int Page, string? PreviousPath, string? NextPath)
{
    public static Pager From(PageMeta meta, int page) => new(page, meta.PreviousPath, meta.NextPath);
}

/// <summary>A list of article cards; secondary lists leave the pictures out to stay light on a phone.</summary>
public sealed record CardList(IReadOnlyList<Broadsheet.Articles.ArticleCard> Cards, bool ShowImages = true);
