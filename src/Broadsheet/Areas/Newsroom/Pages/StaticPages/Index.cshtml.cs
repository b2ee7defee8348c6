using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.StaticPages;

public sealed record StaticPageRow(int Id, string Title, string Slug, StaticPageStatus Status, DateTime UpdatedAt, int? FooterPosition);

/// <summary>Every static page, published or not, newest change first.</summary>
public sealed class IndexModel(BroadsheetDb db, SiteCalendar calendar) : NewsroomPage
{
    public IReadOnlyList<StaticPageRow> Rows { get; private set; } = [];
    public SiteCalendar Calendar => calendar;

    public async Task OnGetAsync()
    {
        Title = "Pages";
        Rows = await db.StaticPages.AsNoTracking()
            .OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Title)
            .Select(p => new StaticPageRow(p.Id, p.Title, p.Slug, p.Status, p.UpdatedAt, p.FooterPosition))
            .ToListAsync(HttpContext.RequestAborted);
    }
}
