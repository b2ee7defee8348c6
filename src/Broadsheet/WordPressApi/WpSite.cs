using System.Globalization;
using System.Net;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary>What every endpoint of the API needs, resolved once per request.</summary>
public sealed class WpSite(BroadsheetDb db, TimeProvider time, SiteUrls urls, SiteCalendar calendar, SiteSettingsStore settings)
{
    public const string Base = "/wp-json/wp/v2";

    public BroadsheetDb Db { get; } = db;
    public SiteUrls Urls { get; } = urls;
    public SiteCalendar Calendar { get; } = calendar;
    public SiteSettingsStore Settings { get; } = settings;
    public DateTime Now { get; } = time.GetUtcNow().UtcDateTime;

    /// <summary>WordPress's <c>date</c>: the site's local time without an offset.</summary>
    public string Local(DateTime utc) => Calendar.ToLocal(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>WordPress's <c>date_gmt</c>: UTC, also without an offset.</summary>
    public static string Gmt(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public string Absolute(string path) => Urls.Absolute(path);

    public string ArticleLink(DateTime publishedUtc, string slug) => Urls.Absolute(Calendar.ArticlePath(DateTime.SpecifyKind(publishedUtc, DateTimeKind.Utc), slug));

    public string Api(string route) => Urls.Absolute(Base + route);

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A plain-text excerpt as WordPress renders one: a paragraph.</summary>
    public static string Paragraph(string? text) => string.IsNullOrWhiteSpace(text) ? "" : $"<p>{Encode(text.Trim())}</p>\n";

    public static IReadOnlyDictionary<string, IReadOnlyList<WpLink>> Links(params (string Rel, WpLink Link)[] links) =>
        links.GroupBy(l => l.Rel).ToDictionary(g => g.Key, g => (IReadOnlyList<WpLink>)[.. g.Select(l => l.Link)]);

    /// <summary>
    /// Counts the matches, refuses a page past the end (when <paramref name="beyondEnd"/> says how, as WordPress does for
    /// posts and comments; terms and users answer an empty page), fetches the page and sets WordPress's paging headers.
    /// </summary>
    public async Task<(List<T> Rows, WpError? Error)> PageAsync<T>(
        HttpContext context, IQueryable<T> ordered, int page, int perPage, int offset, Func<WpError>? beyondEnd, CancellationToken ct) =>
        await PageAsync(context, await ordered.CountAsync(ct), (skip, take) => ordered.Skip(skip).Take(take), page, perPage, offset, beyondEnd, ct);

    /// <summary>
    /// As above, for <paramref name="total"/> matches the caller counted (more cheaply than through the page's own query),
    /// whose page <paramref name="window"/> reads (rows to skip, rows to take).
    /// </summary>
    public async Task<(List<T> Rows, WpError? Error)> PageAsync<T>(
        HttpContext context, int total, Func<int, int, IQueryable<T>> window, int page, int perPage, int offset, Func<WpError>? beyondEnd, CancellationToken ct)
    {
        var pages = (int)Math.Ceiling(Math.Max(total - offset, 0) / (double)perPage);
        if (beyondEnd is not null && total > 0 && page > Math.Max(pages, 1))
        {
            return ([], beyondEnd());
        }

        var rows = page > pages
            ? []
            : await window(offset + ((page - 1) * perPage), perPage).ToListAsync(ct);
        var headers = context.Response.Headers;
        headers["X-WP-Total"] = total.ToString(CultureInfo.InvariantCulture);
        headers["X-WP-TotalPages"] = pages.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (page > 1 && page - 1 <= Math.Max(pages, 1))
        {
            links.Add($"<{PageUrl(context, page - 1)}>; rel=\"prev\"");
        }

        if (page < pages)
        {
            links.Add($"<{PageUrl(context, page + 1)}>; rel=\"next\"");
        }

        if (links.Count > 0)
        {
            headers.Link = string.Join(", ", links);
        }

        return (rows, null);
    }

    /// <summary>The same request at another page: every other parameter kept, as WordPress's Link header has it.</summary>
    private string PageUrl(HttpContext context, int page)
    {
        var pairs = context.Request.Query
            .Where(q => q.Key is not ("page" or "rest_route"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"page={page}"));
        return Urls.Absolute(context.Request.Path + "?" + string.Join("&", pairs));
    }
}
