using System.Globalization;
using Broadsheet.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Writes the subscriber list as CSV, a page of rows at a time, so a list of any size is never held in memory.
/// The columns are the ones <see cref="SubscriberImport"/> reads, so an export can be imported elsewhere as it is.
/// </summary>
public sealed class SubscriberExport(BroadsheetDb db)
{
    public static readonly string[] Columns = ["email", "status", "frequency", "sections", "consented_at", "consent_source", "created_at"];

    private const int PageSize = 1000;

    private static readonly CsvWriterOptions Options = new()
    {
        // A spreadsheet must not run an address someone typed as "=HYPERLINK(…)" into a form.
        Injection = CsvInjection.Escape,
    };

    /// <summary>Writes the header and every matching subscriber (UTF-8), oldest first; returns how many rows were written.</summary>
    public async Task<int> WriteAsync(Stream destination, string? search, SubscriberStatus? status, CancellationToken cancellationToken)
    {
        var sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new { s.Id, s.Slug }).ToListAsync(cancellationToken);
        var order = sections.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var slugs = sections.ToDictionary(s => s.Id, s => s.Slug);

        // Every write is asynchronous: the destination may be an HTTP response, which refuses blocking writes.
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        await csv.WriteRecordAsync(Columns, cancellationToken);
        var count = 0;
        var cursor = 0;
        while (true)
        {
            var page = await db.Subscribers.AsNoTracking().Matching(search, status).Where(s => s.Id > cursor).OrderBy(s => s.Id).Take(PageSize)
                .Select(s => new
                {
                    s.Id, s.Email, s.Status, s.Frequency, s.ConsentedAt, s.ConsentSource, s.CreatedAt,
                    Sections = s.Sections.Select(x => x.SectionId).ToList(),
                })
                .ToListAsync(cancellationToken);
            foreach (var row in page)
            {
                await csv.WriteRecordAsync(
                [
                    row.Email,
                    row.Status.Name(),
                    row.Frequency.Name(),
                    string.Join(';', row.Sections.Where(slugs.ContainsKey).OrderBy(id => order[id]).Select(id => slugs[id])),
                    Format(row.ConsentedAt),
                    row.ConsentSource ?? "",
                    Format(row.CreatedAt),
                ], cancellationToken);
            }

            count += page.Count;
            if (page.Count < PageSize)
            {
                break;
            }

            cursor = page[^1].Id;
            await csv.FlushAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
        return count;
    }

    private static string Format(DateTime? utc) => utc is { } value ? value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
