using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.StaticPages;

public sealed record FooterLink(string Title, string Slug)
{
    public string Path => "/" + Slug;
}

/// <summary>The published pages chosen for the site footer, in their order; held in memory between changes.</summary>
public sealed class FooterMenu(IServiceScopeFactory scopes, IHttpContextAccessor http, ILogger<FooterMenu> logger) : HeldList<FooterLink>(scopes, http, logger)
{
    protected override string What => "footer menu";

    protected override Task<List<FooterLink>> LoadAsync(BroadsheetDb db, CancellationToken cancellationToken) =>
        db.StaticPages.AsNoTracking()
            .Where(p => p.Status == StaticPageStatus.Published && p.FooterPosition != null)
            .OrderBy(p => p.FooterPosition).ThenBy(p => p.Title)
            .Select(p => new FooterLink(p.Title, p.Slug))
            .ToListAsync(cancellationToken);
}
