using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.StaticPages;

/// <summary>One published page in the settings' footer menu form.</summary>
public sealed class FooterChoice
{
    public int PageId { get; set; }
    public bool Shown { get; set; }
    public int? Position { get; set; }
}

public sealed record FooterCandidate(int Id, string Title, string Slug);

/// <summary>Which published pages the footer links to, and in what order (the settings page's "Footer menu").</summary>
public sealed class FooterMenuChoices(BroadsheetDb db, StaticPageCache cache)
{
    public const int MaxPosition = 99;

    /// <summary>Every published page, with its current place in the footer.</summary>
    public async Task<(IReadOnlyList<FooterCandidate> Pages, List<FooterChoice> Choices)> LoadAsync(CancellationToken cancellationToken = default)
    {
        var pages = await db.StaticPages.AsNoTracking().Where(p => p.Status == StaticPageStatus.Published)
            .OrderBy(p => p.FooterPosition == null).ThenBy(p => p.FooterPosition).ThenBy(p => p.Title)
            .Select(p => new { p.Id, p.Title, p.Slug, p.FooterPosition })
            .ToListAsync(cancellationToken);
        return (pages.Select(p => new FooterCandidate(p.Id, p.Title, p.Slug)).ToList(),
            pages.Select((p, i) => new FooterChoice { PageId = p.Id, Shown = p.FooterPosition is not null, Position = p.FooterPosition ?? i + 1 }).ToList());
    }

    /// <summary>The problem with the choices, or null when they can be saved.</summary>
    public static string? Check(IEnumerable<FooterChoice> choices) =>
        choices.Any(c => c.Shown && c.Position is not (>= 1 and <= MaxPosition))
            ? $"Give each page in the footer a position from 1 to {MaxPosition}."
            : null;

    /// <summary>Saves the footer menu; published pages left out of it leave the footer. Evicts every cached page.</summary>
    public async Task SaveAsync(IReadOnlyList<FooterChoice> choices, CancellationToken cancellationToken = default)
    {
        var pages = await db.StaticPages.Where(p => p.Status == StaticPageStatus.Published).ToListAsync(cancellationToken);
        foreach (var page in pages)
        {
            var choice = choices.FirstOrDefault(c => c.PageId == page.Id);
            page.FooterPosition = choice is { Shown: true } ? choice.Position : null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await cache.FooterChangedAsync(cancellationToken);
    }
}
