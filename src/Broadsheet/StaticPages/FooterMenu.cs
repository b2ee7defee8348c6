using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.StaticPages;

public sealed record FooterLink(string Title, string Slug)
{
    public string Path => "/" + Slug;
}

/// <summary>The published pages chosen for the site footer, in their order; loaded once per request that renders a page.</summary>
public sealed class FooterMenu(BroadsheetDb db, ILogger<FooterMenu> logger)
{
    private IReadOnlyList<FooterLink>? links;

    public async Task<IReadOnlyList<FooterLink>> GetAsync()
    {
        if (links is not null)
        {
            return links;
        }

        try
        {
            links = await db.StaticPages.AsNoTracking()
                .Where(p => p.Status == StaticPageStatus.Published && p.FooterPosition != null)
                .OrderBy(p => p.FooterPosition).ThenBy(p => p.Title)
                .Select(p => new FooterLink(p.Title, p.Slug))
                .ToListAsync();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            // The error page uses the reader layout too: with the database down it must still render.
            logger.LogWarning(exception, "The footer menu could not be loaded.");
            links = [];
        }

        return links;
    }
}
