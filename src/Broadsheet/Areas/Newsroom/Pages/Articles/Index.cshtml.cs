using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

public sealed record ArticleRow(int Id, string Headline, ArticleStatus Status, string Section, IReadOnlyList<string> Authors, DateTime? PublishedAt, DateTime UpdatedAt);

public sealed record Choice(int Id, string Name);

/// <summary>The article list: filter by status, section and author, and search every status (best match first); Editors see all, writers their own.</summary>
public sealed class IndexModel(BroadsheetDb db, SiteCalendar calendar, Broadsheet.Search.ArticleSearch search) : NewsroomPage
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public ArticleStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "section")]
    public int? SectionId { get; set; }

    [BindProperty(SupportsGet = true, Name = "author")]
    public int? AuthorId { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<ArticleRow> Rows { get; private set; } = [];
    public IReadOnlyList<Choice> Sections { get; private set; } = [];
    public IReadOnlyList<Choice> Authors { get; private set; } = [];
    public int Total { get; private set; }

    /// <summary>How many of the articles the member may see are in the trash.</summary>
    public int TrashCount { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public SiteCalendar Calendar => calendar;

    public async Task OnGetAsync([FromQuery(Name = "page")] int page = 1)
    {
        // From the query alone: to Razor Pages, "page" is also the route value naming the page itself.
        PageNumber = Math.Clamp(page, 1, 100_000);
        Title = "Articles";
        var ct = HttpContext.RequestAborted;
        var member = Member;
        var articles = db.Articles.AsNoTracking();
        if (!member.IsEditor)
        {
            articles = articles.Where(a => a.CreatedById == member.UserId || a.Bylines.Any(b => b.AuthorId == member.AuthorId));
        }

        // The trash has a page of its own: the list, its search and its count leave it out.
        articles = articles.Where(a => a.Status != ArticleStatus.Trashed);
        if (Status is { } status)
        {
            articles = articles.Where(a => a.Status == status);
        }

        if (SectionId is { } sectionId)
        {
            articles = articles.Where(a => a.SectionId == sectionId);
        }

        if (AuthorId is { } authorId)
        {
            articles = articles.Where(a => a.Bylines.Any(b => b.AuthorId == authorId));
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            // The readers' search over every status, narrowed by the same filters and rights; best match first.
            var found = await search.SearchAsync(new Broadsheet.Search.SearchQuery(Search, Page: PageNumber, PageSize: PageSize), publishedOnly: false, _ => articles, ct);
            Total = found.Total;
            var order = found.Hits.Select(h => h.ArticleId).ToList();
            var rows = await db.Articles.AsNoTracking().Where(a => order.Contains(a.Id))
                .Select(a => new ArticleRow(a.Id, a.Headline, a.Status, a.Section.Name,
                    a.Bylines.OrderBy(b => b.Position).Select(b => b.Author.Name).ToList(), a.PublishedAt, a.UpdatedAt))
                .ToListAsync(ct);
            Rows = [.. rows.OrderBy(r => order.IndexOf(r.Id))];
        }
        else
        {
            Total = await articles.CountAsync(ct);
            Rows = await articles
                .OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
                .Skip((PageNumber - 1) * PageSize).Take(PageSize)
                .Select(a => new ArticleRow(a.Id, a.Headline, a.Status, a.Section.Name,
                    a.Bylines.OrderBy(b => b.Position).Select(b => b.Author.Name).ToList(), a.PublishedAt, a.UpdatedAt))
                .ToListAsync(ct);
        }

        TrashCount = await (member.IsEditor ? db.Articles : db.Articles.Where(a => a.CreatedById == member.UserId || a.Bylines.Any(b => b.AuthorId == member.AuthorId)))
            .CountAsync(a => a.Status == ArticleStatus.Trashed, ct);
        Sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name).Select(s => new Choice(s.Id, s.Name)).ToListAsync(ct);
        Authors = await db.Authors.AsNoTracking().OrderBy(a => a.Name).Select(a => new Choice(a.Id, a.Name)).ToListAsync(ct);
    }

    public string PageLink(int page)
    {
        var query = new List<string>();
        if (Status is not null) query.Add($"status={Status}");
        if (SectionId is not null) query.Add($"section={SectionId}");
        if (AuthorId is not null) query.Add($"author={AuthorId}");
        if (!string.IsNullOrWhiteSpace(Search)) query.Add($"q={Uri.EscapeDataString(Search)}");
        query.Add($"page={page}");
        return "/newsroom/articles?" + string.Join('&', query);
    }
}
