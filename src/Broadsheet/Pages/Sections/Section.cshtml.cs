using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages.Sections;

public sealed class SectionModel(BroadsheetDb db, TimeProvider time, IOptions<BroadsheetOptions> options) : ArticleListPage(db, time, options)
{
    private sealed record SectionHead(int Id, string Name, string Slug, string? Description);

    // Compiled once per model (CompiledPerModel): EF Core skips rebuilding and hashing the lookup on every render.
    private static readonly CompiledPerModel<Func<BroadsheetDb, string, CancellationToken, Task<SectionHead?>>> FindSection = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, string slug, CancellationToken _) => db.Sections.AsNoTracking()
            .Where(s => s.Slug == slug).Select(s => new SectionHead(s.Id, s.Name, s.Slug, s.Description)).FirstOrDefault()));

    public string Name { get; private set; } = "";
    public string? Description { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int page = 1, CancellationToken cancellationToken = default)
    {
        var key = slug.ToLowerInvariant();
        var section = await FindSection.For(Db)(Db, key, cancellationToken);
        if (section is null)
        {
            // A renamed or merged section: its old pages answer 301 to the same page of the section now.
            return await SectionLifecycle.CurrentSlugAsync(Db, key, cancellationToken) is { } current
                ? MovedTo(SectionLifecycle.PathOf(current) + Request.QueryString)
                : NotFound();
        }

        if (page < 1 || !PageQueryIsCanonical(page))
        {
            return NotFound();
        }

        var path = $"/section/{section.Slug}";
        if (slug != section.Slug)
        {
            return MovedTo(WithPage(path, page));
        }

        if (!await LoadPageAsync(CardPageQuery.Section, section.Id, default, path, page, emptyIsMissing: false, cancellationToken))
        {
            return NotFound();
        }

        Name = section.Name;
        Description = section.Description;
        HttpContext.TagResponse(PageCache.SectionTag(section.Id));
        Meta.Title = page > 1 ? $"{section.Name}, page {page}" : section.Name;
        Meta.Description = section.Description ?? $"The latest {section.Name} news.";
        Meta.FeedPath = $"{path}/feed";
        Meta.FeedTitle = $"{section.Name} (RSS)";
        return Page();
    }
}
