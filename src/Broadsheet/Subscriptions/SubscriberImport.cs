using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Broadsheet.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Imports a subscriber list (typically from a newsletter service) from CSV with the columns <c>email</c>,
/// <c>sections</c> (names or slugs separated by <c>;</c>), <c>frequency</c> and <c>consented_at</c>.
/// An address is Confirmed only when the file says when its owner consented; the others stay Pending and get no
/// mail at all: nobody is sent a confirmation they did not ask this site for. The file is read and saved a page
/// of rows at a time, so its size does not decide the memory used. Bad rows are reported by line; the rest import.
/// </summary>
public sealed partial class SubscriberImport(BroadsheetDb db, TimeProvider time)
{
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>Problems listed one by one; beyond this only their number is given.</summary>
    public const int MaxProblemsListed = 200;

    private const int BatchSize = 500;

    public async Task<SubscriberImportReport> ImportAsync(Stream file, string fileName, CancellationToken cancellationToken)
    {
        var report = new SubscriberImportReport(fileName);
        if (Path.GetExtension(fileName).ToLowerInvariant() is ".xlsx" or ".xls" or ".ods" or ".numbers")
        {
            return report.Refuse("This is a spreadsheet, not a CSV file. Save it from the spreadsheet program as CSV (UTF-8) and upload that.");
        }

        var header = await FirstLineAsync(file, cancellationToken);
        if (header is null)
        {
            return report.Refuse("This is not a CSV file: it is not UTF-8 text. Export the list as CSV (comma-separated values, UTF-8) and upload that.");
        }

        if (header.Trim().Length == 0)
        {
            return report.Refuse("The file is empty. Its first line must name the columns: email, sections, frequency, consented_at.");
        }

        // Spreadsheets in many languages save "CSV" with semicolons or tabs; the header says which. (Guessing from
        // the rows could take the semicolons between section names for separators.)
        var separator = header.Contains(',', StringComparison.Ordinal) ? ','
            : header.Contains('\t', StringComparison.Ordinal) ? '\t'
            : header.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            // One stray quote must not swallow the rest of the file into a field: every line is a record.
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = record => report.Problem(record.LineNumber, "", "its quotation marks do not match"),
            MaxRecordSize = 64 * 1024,
            IncludeValuesInExceptions = false,
        };
        await using var csv = CsvReader.Create(file, options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        var columns = csv.Headers.Select(ColumnKey).ToList();
        int Column(params string[] names) => names.Select(n => columns.IndexOf(n)).FirstOrDefault(i => i >= 0, -1);
        var emailColumn = Column("email", "emailaddress");
        if (emailColumn < 0)
        {
            return report.Refuse("The file has no \u201cemail\u201d column. Its first line must name the columns: email, sections, frequency, consented_at.");
        }

        var sectionsColumn = Column("sections", "section");
        var frequencyColumn = Column("frequency");
        var consentColumn = Column("consentedat", "consentdate");

        var sections = await db.Sections.AsNoTracking().Select(x => new { x.Id, x.Name, x.Slug }).ToListAsync(cancellationToken);
        var sectionIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sections)
        {
            sectionIds.TryAdd(section.Slug, section.Id);
            sectionIds.TryAdd(section.Name.Trim(), section.Id);
        }

        var allSections = sections.Select(x => x.Id).ToList();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var batch = new List<ImportRow>(BatchSize);
        try
        {
            while (await csv.ReadAsync(cancellationToken))
            {
                var line = csv.LineNumber;
                string Field(int index) => index >= 0 && index < csv.FieldCount ? csv.GetString(index).Trim() : "";
                var email = Field(emailColumn);
                if (email.Length == 0 && Enumerable.Range(0, csv.FieldCount).All(i => csv.IsEmpty(i)))
                {
                    continue;
                }

                var row = ReadRow(line, email, Field(sectionsColumn), Field(frequencyColumn), Field(consentColumn), sectionIds, report);
                if (row is null)
                {
                    continue;
                }

                if (seen.TryGetValue(row.NormalizedEmail, out var first))
                {
                    report.Problem(line, email, $"the address is already on line {first}");
                    continue;
                }

                seen[row.NormalizedEmail] = line;
                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    await SaveAsync(batch, allSections, report, cancellationToken);
                    batch.Clear();
                }
            }
        }
        catch (CsvFormatException problem)
        {
            report.Problem(problem.LineNumber, "", "the file cannot be read from this line on (is it really CSV?)");
        }

        await SaveAsync(batch, allSections, report, cancellationToken);
        return report;
    }

    /// <summary>
    /// The first line of the file, or null when the start of the file is not text (a spreadsheet, an image);
    /// the stream is put back at its start.
    /// </summary>
    private static async Task<string?> FirstLineAsync(Stream file, CancellationToken cancellationToken)
    {
        var start = new byte[8192];
        var length = 0;
        int read;
        while (length < start.Length && (read = await file.ReadAsync(start.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        file.Seek(0, SeekOrigin.Begin);
        var bytes = start.AsSpan(0, length);
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        // A cut in the middle of a character at the end of the sample is no sign of binary data.
        var text = Encoding.UTF8.GetString(bytes);
        var firstLine = text.Split('\n')[0].TrimEnd('\r');
        var sample = length == start.Length ? text[..Math.Max(0, text.Length - 4)] : text;
        return sample.Any(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))) ? null : firstLine;
    }

    private ImportRow? ReadRow(long line, string email, string sectionsText, string frequencyText, string consentText,
        Dictionary<string, int> sectionIds, SubscriberImportReport report)
    {
        if (email.Length == 0)
        {
            report.Problem(line, email, "the email address is missing");
            return null;
        }

        if (!IsAddress(email))
        {
            report.Problem(line, email, "this is not an email address");
            return null;
        }

        List<int>? chosen = null;
        if (sectionsText.Length > 0)
        {
            chosen = [];
            foreach (var name in sectionsText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!sectionIds.TryGetValue(name, out var id))
                {
                    report.Problem(line, email, $"there is no section \u201c{name}\u201d");
                    return null;
                }

                chosen.Add(id);
            }
        }

        Frequency? frequency = null;
        if (frequencyText.Length > 0 && (frequency = SubscriberQueries.ParseFrequency(frequencyText)) is null)
        {
            report.Problem(line, email, $"\u201c{frequencyText}\u201d is not a frequency (write as published, daily or weekly)");
            return null;
        }

        DateTime? consentedAt = null;
        if (consentText.Length > 0)
        {
            if (!IsoDate().IsMatch(consentText) || !DateTimeOffset.TryParse(consentText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            {
                report.Problem(line, email, $"\u201c{consentText}\u201d is not a date like 2024-03-01 or 2024-03-01T09:30:00Z");
                return null;
            }

            if (parsed > time.GetUtcNow())
            {
                report.Problem(line, email, "the consent date is in the future");
                return null;
            }

            consentedAt = parsed.UtcDateTime;
        }

        return new ImportRow(line, email, email.ToUpperInvariant(), chosen?.Distinct().ToList(), frequency, consentedAt);
    }

    private async Task SaveAsync(List<ImportRow> rows, List<int> allSections, SubscriberImportReport report, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var source = $"import: {report.FileName}";
        source = source.Length > 200 ? source[..200] : source;
        var keys = rows.Select(r => r.NormalizedEmail).ToList();
        var existing = await db.Subscribers.Include(s => s.Sections).Where(s => keys.Contains(s.NormalizedEmail))
            .ToDictionaryAsync(s => s.NormalizedEmail, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.NormalizedEmail, out var subscriber))
            {
                subscriber = new Subscriber
                {
                    Email = row.Email,
                    NormalizedEmail = row.NormalizedEmail,
                    Status = row.ConsentedAt is null ? SubscriberStatus.Pending : SubscriberStatus.Confirmed,
                    Frequency = row.Frequency ?? Frequency.AsPublished,
                    CreatedAt = now,
                    ConsentedAt = row.ConsentedAt,
                    ConsentSource = row.ConsentedAt is null ? null : source,
                    LinkKey = SubscriptionLinks.NewLinkKey(),
                    Sections = (row.SectionIds ?? allSections).Select(id => new SubscriberSection { SectionId = id }).ToList(),
                };
                db.Subscribers.Add(subscriber);
                if (row.ConsentedAt is null)
                {
                    report.AddedPending++;
                }
                else
                {
                    report.AddedConfirmed++;
                }

                continue;
            }

            // An import never overrides what the address's owner did here since: an unsubscription stands unless
            // the file's consent is newer, and a confirmed reader's own choices stand unless the file's consent is.
            var consent = row.ConsentedAt;
            switch (subscriber.Status)
            {
                case SubscriberStatus.Bouncing:
                    report.Problem(row.Line, row.Email, "the address is suspended after delivery failures; reactivate it on the Subscribers page if it works again");
                    continue;
                case SubscriberStatus.Unsubscribed when consent is null || consent <= subscriber.UnsubscribedAt:
                    report.Problem(row.Line, row.Email, subscriber.UnsubscribedAt is { } at
                        ? $"the address unsubscribed on {at:yyyy-MM-dd}; only a consent date after that subscribes it again"
                        : "the address unsubscribed; only a consent date after that subscribes it again");
                    continue;
                case SubscriberStatus.Pending or SubscriberStatus.Confirmed when consent is null || consent <= subscriber.ConsentedAt:
                    report.Unchanged++;
                    continue;
            }

            if (subscriber.Status == SubscriberStatus.Unsubscribed)
            {
                report.Resubscribed++;
            }
            else if (subscriber.Status == SubscriberStatus.Pending)
            {
                report.ConfirmedExisting++;
            }
            else
            {
                report.Updated++;
            }

            subscriber.Status = SubscriberStatus.Confirmed;
            subscriber.UnsubscribedAt = null;
            subscriber.Paused = false;
            subscriber.ConsentedAt = consent;
            subscriber.ConsentSource = source;
            subscriber.Frequency = row.Frequency ?? subscriber.Frequency;
            if (row.SectionIds is { } chosen)
            {
                subscriber.Sections.RemoveAll(x => !chosen.Contains(x.SectionId));
                subscriber.Sections.AddRange(chosen.Where(id => subscriber.Sections.All(x => x.SectionId != id)).Select(id => new SubscriberSection { SectionId = id }));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>"Consented at", "consented_at" and "ConsentedAt" all name the same column.</summary>
    private static string ColumnKey(string name) => new string(name.Trim().Trim('"').Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    private static bool IsAddress(string email) =>
        email.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(email, out var address) && address.Address == email && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoDate();

    private sealed record ImportRow(long Line, string Email, string NormalizedEmail, List<int>? SectionIds, Frequency? Frequency, DateTime? ConsentedAt);
}
