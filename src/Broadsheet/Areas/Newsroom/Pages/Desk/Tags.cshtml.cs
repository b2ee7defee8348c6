using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Desk;

public sealed record TagRow(int Id, string Name, string Slug, int Articles);

/// <summary>Tags: rename one, or merge one into another (its articles move over and the old tag goes).</summary>
public sealed class TagsModel(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit) : NewsroomPage
{
    public IReadOnlyList<TagRow> Tags { get; private set; } = [];

    [BindProperty]
    public int? RenameId { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public int? MergeFromId { get; set; }

    [BindProperty]
    public int? MergeIntoId { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRenameAsync()
    {
        var ct = HttpContext.RequestAborted;
        var tag = RenameId is { } id ? await db.Tags.FindAsync([id], ct) : null;
        var slug = Slugs.From(NewName ?? "");
        if (tag is null)
        {
            ModelState.AddModelError(nameof(RenameId), "Choose the tag to rename.");
        }
        else if (string.IsNullOrWhiteSpace(NewName) || NewName.Trim().Length > 100 || slug.Length == 0)
        {
            ModelState.AddModelError(nameof(NewName), "Enter a new name with at least one letter or digit (up to 100 characters).");
        }
        else if (await db.Tags.AnyAsync(t => t.Slug == slug && t.Id != tag.Id, ct))
        {
            ModelState.AddModelError(nameof(NewName), "Another tag already has that name. Merge the two instead.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var oldName = tag!.Name;
        tag.Name = NewName!.Trim();
        tag.Slug = slug;
        await db.SaveChangesAsync(ct);
        // Tag names appear on article pages, cards and feeds all over the site.
        await eviction.SiteChangedAsync(ct);
        await audit.RecordAsync("Renamed tag", $"{oldName} → {tag.Name}", ct);
        Flash = $"Tag renamed to \u201c{tag.Name}\u201d.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMergeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var from = MergeFromId is { } fromId ? await db.Tags.FindAsync([fromId], ct) : null;
        var into = MergeIntoId is { } intoId ? await db.Tags.FindAsync([intoId], ct) : null;
        if (from is null || into is null)
        {
            ModelState.AddModelError(nameof(MergeFromId), "Choose both tags.");
        }
        else if (from.Id == into.Id)
        {
            ModelState.AddModelError(nameof(MergeIntoId), "Choose two different tags.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked before they are read: a save of one of them meanwhile has then either committed (and is read) or waits.
        await ArticleLocks.LockAllAsync(db, () => db.Articles.Where(a => a.Tags.Any(t => t.Id == from!.Id)).Select(a => a.Id), ct);
        var articles = await db.Articles.Include(a => a.Tags).Where(a => a.Tags.Any(t => t.Id == from!.Id)).ToListAsync(ct);
        foreach (var article in articles)
        {
            article.Tags.RemoveAll(t => t.Id == from!.Id);
            if (!article.Tags.Any(t => t.Id == into!.Id))
            {
                article.Tags.Add(into!);
            }
        }

        db.Tags.Remove(from!);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await eviction.SiteChangedAsync(ct);
        await audit.RecordAsync("Merged tags", $"{from!.Name} → {into!.Name}", ct);
        Flash = $"\u201c{from.Name}\u201d merged into \u201c{into.Name}\u201d ({articles.Count} article(s)).";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Title = "Tags";
        // Counted from the links alone (an index of tag and article): through the skip navigation each link's article
        // row was read too, 450 ms for 300 tags at 100,000 articles against 10.
        var links = ListPlan.TagLinks(db);
        Tags = await db.Tags.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TagRow(t.Id, t.Name, t.Slug, links.Count(l => EF.Property<int>(l, "TagsId") == t.Id))).ToListAsync(HttpContext.RequestAborted);
    }
}
