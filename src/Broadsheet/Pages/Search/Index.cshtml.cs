using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Search;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages.Search;

public sealed record PageMatch(string Title, string Path);

/// <summary>
/// The reader's search: ranked articles with the matching words marked, filtered by section and dates, plus static
/// pages and authors whose title or name matches. Any input is a search; a filter it cannot read is ignored and said so.
/// </summary>
[OutputCache(PolicyName = SearchSetup.CachePolicyName)]
public sealed class IndexModel(BroadsheetDb db, ArticleSearch search, SiteCalendar calendar, TimeProvider time, IOptions<BroadsheetOptions> options) : SitePage
{
    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "section")]
    public string? Section { get; set; }

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    public SearchResults Results { get; private set; } = SearchResults.None;
    public IReadOnlyList<MenuItem> Sections { get; private set; } = [];
    public IReadOnlyList<PageMatch> Pages { get; private set; } = [];
    public IReadOnlyList<PageMatch> Authors { get; private set; } = [];
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];
    public List<string> Notices { get; } = [];
    public Pager Pager { get; private set; } = new(1, null, null);
    public SiteCalendar Calendar => calendar;

    /// <summary>Whether the reader asked for anything (an empty box shows the form and the sections).</summary>
    public bool Searched => !string.IsNullOrWhiteSpace(Query);

    public async Task OnGetAsync([FromQuery(Name = "page")] string? page, CancellationToken cancellationToken)
    {
        Meta.NoIndex = true;
        Meta.CanonicalPath = "/search";
        Meta.Title = Searched ? $"Search: {Shorten(Query!)}" : "Search";
        Meta.Description = "Search the site's articles.";
        Sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new MenuItem(s.Name, s.Slug)).ToListAsync(cancellationToken);
        if (!Searched)
        {
            return;
        }

        var pageNumber = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? Math.Min(p, ArticleQueries.MaxPage) : 1;
        string? section = null;
        if (!string.IsNullOrWhiteSpace(Section))
        {
            section = Sections.FirstOrDefault(s => string.Equals(s.Slug, Section.Trim(), StringComparison.OrdinalIgnoreCase))?.Slug;
            if (section is null)
            {
                Notices.Add($"There is no section “{Shorten(Section)}”, so every section was searched.");
            }
        }

        var fromUtc = ParseDate(From, "from", end: false);
        var toUtc = ParseDate(To, "to", end: true);
        if (fromUtc is not null && toUtc is not null && fromUtc >= toUtc)
        {
            Notices.Add("The “from” date is after the “to” date, so the dates were ignored.");
            fromUtc = toUtc = null;
        }

        var query = new SearchQuery(Query, section, fromUtc, toUtc, pageNumber, options.Value.Site.PageSize);
        Results = await search.SearchAsync(query, publishedOnly: true, cancellationToken);
        Pager = new Pager(Results.Page, Results.Page > 1 ? Link(Results.Page - 1) : null, Results.HasNext ? Link(Results.Page + 1) : null);
        if (pageNumber == 1)
        {
            await FindPagesAndAuthorsAsync(query.Normalized, cancellationToken);
        }

        if (Results.Total == 0)
        {
            Latest = await db.Articles.AsNoTracking().Published(time.GetUtcNow().UtcDateTime).Latest().Take(5).ToCards().ToListAsync(cancellationToken);
        }
    }

    public string ArticlePath(SearchHit hit) => calendar.ArticlePath(hit.PublishedAt ?? DateTime.UnixEpoch, hit.Slug);

    /// <summary>This search's address with another page number.</summary>
    public string Link(int page)
    {
        var query = new List<string> { "q=" + Uri.EscapeDataString(Query ?? "") };
        if (!string.IsNullOrWhiteSpace(Section)) query.Add("section=" + Uri.EscapeDataString(Section));
        if (!string.IsNullOrWhiteSpace(From)) query.Add("from=" + Uri.EscapeDataString(From));
        if (!string.IsNullOrWhiteSpace(To)) query.Add("to=" + Uri.EscapeDataString(To));
        if (page > 1) query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "/search?" + string.Join('&', query);
    }

    private async Task FindPagesAndAuthorsAsync(string normalized, CancellationToken cancellationToken)
    {
        // Titles and names are short: "contains the words as typed" finds them, without an index of their own.
        var words = normalized.Replace("\"", " ", StringComparison.Ordinal).Replace("*", " ", StringComparison.Ordinal).Trim().ToLowerInvariant();
        if (words.Length is < 2 or > 100)
        {
            return;
        }

#pragma warning disable CA1862 // EF Core translates ToLower()+Contains to SQL; the StringComparison overload has no translation.
        Pages = await db.StaticPages.AsNoTracking()
            .Where(s => s.Status == StaticPageStatus.Published && s.Title.ToLower().Contains(words))
            .OrderBy(s => s.Title).Take(5).Select(s => new PageMatch(s.Title, "/" + s.Slug)).ToListAsync(cancellationToken);
        Authors = await db.Authors.AsNoTracking()
            .Where(a => a.Name.ToLower().Contains(words))
            .OrderBy(a => a.Name).Take(5).Select(a => new PageMatch(a.Name, "/author/" + a.Slug)).ToListAsync(cancellationToken);
#pragma warning restore CA1862
    }

    /// <summary>A date typed as yyyy-mm-dd, in the site's time zone: the start of that day, or for "to" its end.</summary>
    private DateTime? ParseDate(string? value, string name, bool end)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && calendar.Range(date.Year, date.Month, date.Day) is { } range)
        {
            return end ? range.End : range.Start;
        }

        Notices.Add($"The “{name}” date “{Shorten(value)}” is not a date like 2024-04-24, so it was ignored.");
        return null;
    }

    private static string Shorten(string text)
    {
        var clean = SearchText.Clean(text, 80);
        return clean.Length < text.Trim().Length ? clean + "…" : clean;
    }
}
