using System.ComponentModel.DataAnnotations;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Desk;

public sealed record SectionRow(int Id, string Name, string Slug, int Position, int Articles);

/// <summary>Sections: the site's navigation and every article's home. Changes refresh every cached page (the menu is on all of them).</summary>
public sealed class SectionsModel(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit) : NewsroomPage
{
    [BindProperty(SupportsGet = true)]
    public int? Edit { get; set; }

    [BindProperty]
    public SectionInput Input { get; set; } = new();

    public IReadOnlyList<SectionRow> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Edit is { } id)
        {
            var section = await db.Sections.FindAsync([id], HttpContext.RequestAborted);
            if (section is null)
            {
                return NotFound();
            }

            Input = new SectionInput { Name = section.Name, Slug = section.Slug, Description = section.Description, Position = section.Position };
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
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

        section ??= db.Sections.Add(new Section { Name = "", Slug = "" }).Entity;
        section.Name = Input.Name!.Trim();
        section.Slug = slug;
        section.Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim();
        section.Position = Input.Position;
        await db.SaveChangesAsync(ct);
        await eviction.SiteChangedAsync(ct);
        await audit.RecordAsync(Edit is null ? "Created section" : "Changed section", section.Name, ct);
        Flash = Edit is null ? $"Section \u201c{section.Name}\u201d created." : $"Section \u201c{section.Name}\u201d saved.";
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
