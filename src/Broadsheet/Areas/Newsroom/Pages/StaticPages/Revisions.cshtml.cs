using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.StaticPages;

public sealed record PageRevisionRow(int Id, DateTime CreatedAt, string? UserName, string Title, string Body);

/// <summary>A page's saved versions, newest first, each with the words it had and a button to restore it.</summary>
public sealed class RevisionsModel(BroadsheetDb db, StaticPageEditing editing, SiteCalendar calendar) : NewsroomPage
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public StaticPage StaticPage { get; private set; } = null!;
    public IReadOnlyList<PageRevisionRow> Revisions { get; private set; } = [];

    public string Describe(PageRevisionRow revision) =>
        $"{calendar.ToLocal(revision.CreatedAt).ToString("g", calendar.Culture)} by {revision.UserName ?? "someone"}";

    public async Task<IActionResult> OnGetAsync()
    {
        var page = await editing.FindAsync(Id, HttpContext.RequestAborted);
        if (page is null)
        {
            return NotFound();
        }

        StaticPage = page;
        Title = $"Revisions: {page.Title}";
        Revisions = await db.StaticPageRevisions.AsNoTracking().Where(r => r.StaticPageId == Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Select(r => new PageRevisionRow(r.Id, r.CreatedAt, r.UserName, r.Title, r.Body))
            .Take(200)
            .ToListAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(int revision)
    {
        var ct = HttpContext.RequestAborted;
        var page = await editing.FindAsync(Id, ct);
        var stored = await db.StaticPageRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == revision && r.StaticPageId == Id, ct);
        if (page is null || stored is null)
        {
            return NotFound();
        }

        await editing.RestoreAsync(page, stored, Member, ct);
        Flash = "Revision restored. The page now has those words; the restore is itself a revision.";
        return Redirect($"/newsroom/pages/edit/{Id}");
    }
}
