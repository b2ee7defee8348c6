using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Site;

public sealed record MenuItem(string Name, string Slug);

/// <summary>The sections in the site's navigation, held in memory between changes.</summary>
public sealed class SectionMenu(IServiceScopeFactory scopes, IHttpContextAccessor http, ILogger<SectionMenu> logger) : HeldList<MenuItem>(scopes, http, logger)
{
    protected override string What => "section menu";

    protected override Task<List<MenuItem>> LoadAsync(BroadsheetDb db, CancellationToken cancellationToken) =>
        db.Sections.AsNoTracking()
            .OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new MenuItem(s.Name, s.Slug))
            .ToListAsync(cancellationToken);
}
