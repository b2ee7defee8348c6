using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Site;

public sealed record MenuItem(string Name, string Slug);

/// <summary>The sections in the site's navigation, loaded once per request that renders a page.</summary>
public sealed class SectionMenu(BroadsheetDb db)
{
    private IReadOnlyList<MenuItem>? items;

    public async Task<IReadOnlyList<MenuItem>> GetAsync() =>
        items ??= await db.Sections.AsNoTracking()
            .OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new MenuItem(s.Name, s.Slug))
            .ToListAsync();
}
