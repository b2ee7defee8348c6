using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Admin;

/// <summary>The audit log: who did what in the newsroom, newest first.</summary>
public sealed class AuditModel(BroadsheetDb db, SiteCalendar calendar) : NewsroomPage
{
    public const int PageSize = 50;

    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public bool HasMore { get; private set; }
    public SiteCalendar Calendar => calendar;

    public async Task OnGetAsync([FromQuery(Name = "page")] int page = 1)
    {
        // From the query alone: to Razor Pages, "page" is also the route value naming the page itself.
        PageNumber = Math.Clamp(page, 1, 100_000);
        Title = "Audit log";
        var entries = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        HasMore = entries.Count > PageSize;
        Entries = entries.Take(PageSize).ToList();
    }
}
