using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Site;

public sealed record MenuItem(string Name, string Slug);

/// <summary>The sections in the site's navigation, loaded once per request that renders a page.</summary>
public sealed class SectionMenu(BroadsheetDb db, ILogger<SectionMenu> logger)
{
    private IReadOnlyList<MenuItem>? items;

    public async Task<IReadOnlyList<MenuItem>> GetAsync()
    {
        if (items is not null)
        {
            return items;
        }

        try
        {
            items = await db.Sections.AsNoTracking()
                .OrderBy(s => s.Position).ThenBy(s => s.Name)
                .Select(s => new MenuItem(s.Name, s.Slug))
                .ToListAsync();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            // The error page uses this layout too: with the database down it must still render.
            logger.LogWarning(exception, "The section menu could not be loaded.");
            items = [];
        }

        return items;
    }
}
