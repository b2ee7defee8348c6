using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;

namespace Broadsheet.Api.Content;

/// <summary>What every Content API endpoint needs, resolved once per request.</summary>
public sealed class ContentSite(BroadsheetDb db, TimeProvider time, SiteUrls urls, SiteCalendar calendar, SiteSettingsStore settings)
{
    public BroadsheetDb Db { get; } = db;
    public SiteSettingsStore Settings { get; } = settings;
    public DateTime Now { get; } = time.GetUtcNow().UtcDateTime;

    /// <summary>Databases hand back times without a kind; they are stored in UTC, and say so on the wire (a trailing Z).</summary>
    public static DateTime Utc(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);

    public static DateTime? Utc(DateTime? stored) => stored is { } value ? Utc(value) : null;

    public string Absolute(string path) => urls.Absolute(path);

    public string Api(string route) => urls.Absolute(ApiSetup.Prefix + route);

    public string ArticleUrl(DateTime publishedUtc, string slug) => urls.Absolute(calendar.ArticlePath(Utc(publishedUtc), slug));

    public SectionRef Section(int id, string slug, string name) => new(id, slug, name, urls.Absolute($"/section/{slug}"));

    public TagRef Tag(int id, string slug, string name) => new(id, slug, name, urls.Absolute($"/tag/{slug}"));

    public AuthorRef Author(int id, string slug, string name) => new(id, slug, name, urls.Absolute($"/author/{slug}"));

    public static string Format(BodyFormat format) => format == BodyFormat.Html ? "html" : "markdown";

    /// <summary>The same request with some parameters replaced (null removes one), as an absolute URL.</summary>
    public string Link(HttpContext context, params (string Name, string? Value)[] changes)
    {
        var replaced = changes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var pairs = context.Request.Query
            .Where(q => !replaced.Contains(q.Key))
            .SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? "")))
            .Concat(changes.Where(c => c.Value is not null).Select(c => (Key: c.Name, Value: c.Value!)))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")
            .ToList();
        return urls.Absolute(context.Request.Path + (pairs.Count == 0 ? "" : "?" + string.Join("&", pairs)));
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
