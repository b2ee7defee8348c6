using System.ComponentModel.DataAnnotations;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Desk;

public sealed record SectionRow(int Id, string Name, string Slug, int Position, int Articles);

/// <summary>
/// Sections: the site's navigation and every article's home. Create, edit (a new slug leaves the old address
/// answering 301), order the menu, merge one into another, delete an empty one. Every change refreshes every
/// cached page, because the menu is on all of them.
/// </summary>
public sealed class SectionsModel(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit, TimeProvider time) : NewsroomPage
{
    [BindProperty(SupportsGet = true)]
    public int? Edit { get; set; }

    [BindProperty]
    public SectionInput Input { get; set; } = new();

    [BindProperty]
    public int? MergeFromId { get; set; }

    [BindProperty]
    public int? MergeIntoId { get; set; }

    public IReadOnlyList<SectionRow> Sections { get; private set; } = [];

    /// <summary>An edit id was sent but is not a number: the editor meant some section, just not a new one.</summary>
    private bool EditIsMalformed => ModelState.TryGetValue(nameof(Edit), out var entry) && entry.Errors.Count > 0;

    public async Task<IActionResult> OnGetAsync()
    {
        if (EditIsMalformed)
        {
            return NotFound();
        }

        if (Edit is { } id)
        {
            var section = await db.Sections.FindAsync([id], HttpContext.RequestAborted);
            if (section is null)
            {
                return NotFound();
            }

            Input = new SectionInput { Name = section.Name, Slug = section.Slug, Description = section.Description, Position = section.Position };
        }
        else
        {
            // A new section goes to the end of the menu unless the editor says otherwise.
            Input.Position = Math.Min(1000, (await db.Sections.MaxAsync(s => (int?)s.Position, HttpContext.RequestAborted) ?? -1) + 1);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        // Checked before ValidateOnly drops the binding error: a malformed ?edit= must not create a new section.
        if (EditIsMalformed)
        {
            return NotFound();
        }

        ValidateOnly("Input");
        var section = Edit is { } id ? await db.Sections.FindAsync([id], ct) : null;
        if (Edit is not null && section is null)
        {
            return NotFound();
        }

        var slug = Slugs.From(string.IsNullOrWhiteSpace(Input.Slug) ? Input.Name ?? "" : Input.Slug);
        if (ModelState.IsValid && slug.Length == 0)
        {
            ModelState.AddModelError("Input.Slug", "The slug needs at least one letter or digit.");
        }
        else if (ModelState.IsValid && await db.Sections.AnyAsync(s => s.Slug == slug && s.Id != (Edit ?? 0), ct))
        {
            ModelState.AddModelError("Input.Slug", $"Another section already uses the slug \u201c{slug}\u201d.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var oldSlug = section?.Slug;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (section is null)
        {
            await SectionLifecycle.ClaimAsync(db, slug, ct);
            section = db.Sections.Add(new Section { Name = "", Slug = slug }).Entity;
        }
        else
        {
            await SectionLifecycle.ChangeSlugAsync(db, section, slug, time.GetUtcNow().UtcDateTime, ct);
        }

        section.Name = Input.Name!.Trim();
        section.Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim();
        section.Position = Input.Position;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await eviction.SiteChangedAsync(ct);
        var moved = oldSlug is not null && oldSlug != slug ? $" (/section/{oldSlug} → /section/{slug})" : "";
        await audit.RecordAsync(Edit is null ? "Created section" : "Changed section", section.Name + moved, ct);
        Flash = Edit is null ? $"Section \u201c{section.Name}\u201d created."
            : moved.Length > 0 ? $"Section \u201c{section.Name}\u201d saved. Its old address /section/{oldSlug} now leads to /section/{slug}."
            : $"Section \u201c{section.Name}\u201d saved.";
        return Redirect("/newsroom/sections");
    }

    /// <summary>Moves a section one place up or down the menu (buttons that work without script).</summary>
    public async Task<IActionResult> OnPostMoveAsync(int id, string? direction)
    {
        var ct = HttpContext.RequestAborted;
        var sections = await db.Sections.OrderBy(s => s.Position).ThenBy(s => s.Name).ToListAsync(ct);
        var index = sections.FindIndex(s => s.Id == id);
        if (index < 0)
        {
            return NotFound();
        }

        var target = direction == "up" ? index - 1 : direction == "down" ? index + 1 : -1;
        if (target >= 0 && target < sections.Count)
        {
            (sections[index], sections[target]) = (sections[target], sections[index]);
            // Numbered afresh so that ties (two sections at the same position) cannot keep a move from showing.
            for (var i = 0; i < sections.Count; i++)
            {
                sections[i].Position = i;
            }

            await db.SaveChangesAsync(ct);
            await eviction.SiteChangedAsync(ct);
            await audit.RecordAsync("Moved section", $"{sections[target].Name} {direction}", ct);
            Flash = $"\u201c{sections[target].Name}\u201d moved {direction} the menu.";
        }

        return Redirect("/newsroom/sections");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        // The page's other forms (the section form) were not sent: their empty fields are not errors.
        ModelState.Clear();
        var section = await db.Sections.FindAsync([id], ct);
        if (section is null)
        {
            return NotFound();
        }

        var articles = await db.Articles.CountAsync(a => a.SectionId == id, ct);
        if (articles > 0)
        {
            ModelState.AddModelError("", $"\u201c{section.Name}\u201d still has {articles} {(articles == 1 ? "article" : "articles")} (drafts included), so it cannot be deleted. Merge it into another section instead: its articles move there and its address answers 301.");
        }
        else if (await db.Sections.CountAsync(ct) == 1)
        {
            ModelState.AddModelError("", "The site needs at least one section, so the last one cannot be deleted.");
        }

        if (!ModelState.IsValid)
        {
            MergeFromId = id;
            await LoadAsync();
            return Page();
        }

        db.Sections.Remove(section);
        await db.SaveChangesAsync(ct);
        await eviction.SiteChangedAsync(ct);
        await audit.RecordAsync("Deleted section", $"{section.Name} (/section/{section.Slug})", ct);
        Flash = $"Section \u201c{section.Name}\u201d deleted.";
        return Redirect("/newsroom/sections");
    }

    public async Task<IActionResult> OnPostMergeAsync()
    {
        var ct = HttpContext.RequestAborted;
        ValidateOnly("Merge");
        var from = MergeFromId is { } fromId ? await db.Sections.FindAsync([fromId], ct) : null;
        var into = MergeIntoId is { } intoId ? await db.Sections.FindAsync([intoId], ct) : null;
        if (from is null || into is null)
        {
            ModelState.AddModelError(nameof(MergeFromId), "Choose both sections.");
        }
        else if (from.Id == into.Id)
        {
            ModelState.AddModelError(nameof(MergeIntoId), "Choose two different sections.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var moved = await SectionLifecycle.MergeAsync(db, from!, into!, time.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await eviction.SiteChangedAsync(ct);
        await audit.RecordAsync("Merged sections", $"{from!.Name} → {into!.Name} ({moved} articles; /section/{from.Slug} → /section/{into.Slug})", ct);
        Flash = $"\u201c{from.Name}\u201d merged into \u201c{into.Name}\u201d: {moved} {(moved == 1 ? "article" : "articles")} moved, and /section/{from.Slug} now leads to /section/{into.Slug}.";
        return Redirect("/newsroom/sections");
    }

    private async Task LoadAsync()
    {
        Title = "Sections";
        Sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new SectionRow(s.Id, s.Name, s.Slug, s.Position, s.Articles.Count)).ToListAsync(HttpContext.RequestAborted);
    }
}

public sealed class SectionInput
{
    [Required(ErrorMessage = "Enter the section's name.")]
    [StringLength(100, ErrorMessage = "Keep the name under 100 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [StringLength(100, ErrorMessage = "Keep the slug under 100 characters.")]
    [Display(Name = "Slug")]
    public string? Slug { get; set; }

    [StringLength(500, ErrorMessage = "Keep the description under 500 characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Range(0, 1000, ErrorMessage = "Enter a position between 0 and 1000.")]
    [Display(Name = "Position in the menu")]
    public int Position { get; set; }
}
