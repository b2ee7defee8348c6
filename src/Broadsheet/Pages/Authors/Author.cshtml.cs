using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages.Authors;

public sealed class AuthorModel(BroadsheetDb db, TimeProvider time, IOptions<BroadsheetOptions> options) : ArticleListPage(db, time, options)
{
    public string Name { get; private set; } = "";
    public string? JobTitle { get; private set; }
    public string? Bio { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int page = 1, CancellationToken cancellationToken = default)
    {
        var key = slug.ToLowerInvariant();
        var author = await Db.Authors.AsNoTracking().Where(a => a.Slug == key)
            .Select(a => new { a.Id, a.Name, a.Slug, a.JobTitle, a.Bio }).FirstOrDefaultAsync(cancellationToken);
        if (author is null || page < 1 || !PageQueryIsCanonical(page))
        {
            return NotFound();
        }

        var path = $"/author/{author.Slug}";
        if (slug != author.Slug)
        {
            return MovedTo(WithPage(path, page));
        }

        if (!await LoadPageAsync(q => q.Where(a => a.Bylines.Any(b => b.AuthorId == author.Id)), path, page, emptyIsMissing: false, cancellationToken))
        {
            return NotFound();
        }

        Name = author.Name;
        JobTitle = author.JobTitle;
        Bio = author.Bio;
        HttpContext.TagResponse(PageCache.AuthorTag(author.Id));
        Meta.Title = page > 1 ? $"{author.Name}, page {page}" : author.Name;
        Meta.Description = author.Bio ?? $"Articles by {author.Name}.";
        Meta.OpenGraphType = "profile";
        return Page();
    }
}
