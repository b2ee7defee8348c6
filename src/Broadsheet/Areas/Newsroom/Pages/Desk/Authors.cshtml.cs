using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Desk;

/// <param name="Accounts">Display names of the newsroom accounts that write as this author; empty for a byline-only author.</param>
public sealed record AuthorRow(int Id, string Name, string Slug, string? JobTitle, IReadOnlyList<string> Accounts, int Articles);

/// <summary>Authors: every byline's profile, with or without a newsroom account, and merging two of them.</summary>
public sealed class AuthorsModel(BroadsheetDb db, UserManager<NewsroomUser> users, PageCacheEviction eviction, AuditLog audit, TimeProvider time) : NewsroomPage
{
    public IReadOnlyList<AuthorRow> Authors { get; private set; } = [];

    [BindProperty]
    public int? MergeFromId { get; set; }

    [BindProperty]
    public int? MergeIntoId { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostMergeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var from = MergeFromId is { } fromId ? await db.Authors.FindAsync([fromId], ct) : null;
        var into = MergeIntoId is { } intoId ? await db.Authors.FindAsync([intoId], ct) : null;
        if (from is null || into is null)
        {
            ModelState.AddModelError(nameof(MergeFromId), "Choose both authors.");
        }
        else if (from.Id == into.Id)
        {
            ModelState.AddModelError(nameof(MergeIntoId), "Choose two different authors.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var accounts = await db.Users.AsNoTracking().Where(u => u.AuthorId == from!.Id).Select(u => u.Id).ToListAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var moved = await AuthorLifecycle.MergeAsync(db, from!, into!, time.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        // Their sign-in cookies still name the removed author: a new stamp makes every session sign in again.
        foreach (var userId in accounts)
        {
            if (await users.FindByIdAsync(userId) is { } user)
            {
                // The merge moved the account with a set-based update; an entity loaded earlier in this request would put the old author back.
                await db.Entry(user).ReloadAsync(ct);
                await users.UpdateSecurityStampAsync(user);
            }
        }

        await transaction.CommitAsync(ct);
        // Bylines show on article pages, cards, feeds and the APIs all over the site.
        await eviction.SiteChangedAsync(ct);
        await audit.RecordAsync("Merged authors", $"{from!.Name} → {into!.Name} ({moved} bylines; /author/{from.Slug} → /author/{into.Slug})", ct);
        Flash = $"\u201c{from.Name}\u201d merged into \u201c{into.Name}\u201d: {moved} {(moved == 1 ? "byline" : "bylines")} moved, and /author/{from.Slug} now leads to /author/{into.Slug}.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Title = "Authors";
        var accounts = (await db.Users.AsNoTracking().Where(u => u.AuthorId != null).Select(u => new { AuthorId = u.AuthorId!.Value, u.DisplayName }).ToListAsync(ct))
            .ToLookup(u => u.AuthorId, u => u.DisplayName);
        var authors = await db.Authors.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new { a.Id, a.Name, a.Slug, a.JobTitle, Articles = a.Bylines.Count }).ToListAsync(ct);
        Authors = authors.Select(a => new AuthorRow(a.Id, a.Name, a.Slug, a.JobTitle, [.. accounts[a.Id].Order(StringComparer.CurrentCulture)], a.Articles)).ToList();
    }
}
