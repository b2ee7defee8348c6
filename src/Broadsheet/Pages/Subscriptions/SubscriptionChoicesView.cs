using Broadsheet.Data;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Pages.Subscriptions;

public sealed record SectionChoice(int Id, string Name);

/// <summary>The sections and frequency fields, as the subscribe form and the preferences page both show them.</summary>
public sealed record SubscriptionChoicesView(
    IReadOnlyList<SectionChoice> Sections, IReadOnlyCollection<int> Selected, Frequency Frequency,
    IReadOnlyDictionary<string, string> Errors, bool OfferNone)
{
    public static readonly Frequency[] Frequencies = [Frequency.AsPublished, Frequency.Daily, Frequency.Weekly];

    public string? Error(string field) => Errors.TryGetValue(field, out var message) ? message : null;

    public static Task<List<SectionChoice>> LoadSectionsAsync(BroadsheetDb db, CancellationToken cancellationToken) =>
        db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new SectionChoice(s.Id, s.Name)).ToListAsync(cancellationToken);
}
