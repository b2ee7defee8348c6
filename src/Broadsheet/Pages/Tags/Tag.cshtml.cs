using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages.Tags;

public sealed class TagModel(BroadsheetDb db, TimeProvider time, IOptions<BroadsheetOptions> options) : ArticleListPage(db, time, options)
{
    private sealed record TagHead(int Id, string Name, string Slug);

    // Compiled once per model (CompiledPerModel): EF Core skips rebuilding and hashing the lookup on every render.
    private static readonly CompiledPerModel<Func<BroadsheetDb, string, CancellationToken, Task<TagHead?>>> FindTag = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, string slug, CancellationToken _) => db.Tags.AsNoTracking()
            .Where(t => t.Slug == slug).Select(t => new TagHead(t.Id, t.Name, t.Slug)).FirstOrDefault()));

    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int page = 1, CancellationToken cancellationToken = default)
    {
        var key = slug.ToLowerInvariant();
        var tag = await FindTag.For(Db)(Db, key, cancellationToken);
        if (tag is null || page < 1 || !PageQueryIsCanonical(page))
        {
            return NotFound();
        }

        var path = $"/tag/{tag.Slug}";
        if (slug != tag.Slug)
        {
            return MovedTo(WithPage(path, page));
        }

        if (!await LoadPageAsync(CardPageQuery.Tag, tag.Id, default, path, page, emptyIsMissing: false, cancellationToken))
        {
            return NotFound();
        }

        Name = tag.Name;
        HttpContext.TagResponse(PageCache.TagTag(tag.Id));
        Meta.Title = page > 1 ? $"{tag.Name}, page {page}" : tag.Name;
        Meta.Description = $"Articles tagged {tag.Name}.";
        Meta.FeedPath = $"{path}/feed";
        Meta.FeedTitle = $"{tag.Name} (RSS)";
        return Page();
    }
}
