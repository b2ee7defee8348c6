using System.Globalization;
using Broadsheet.Media;
using Broadsheet.Site;

namespace Broadsheet.Areas.Newsroom.Pages.Media;

/// <summary>
/// The media library's search and filters, read from the query string as a plain GET form sends them. A value that
/// cannot be understood is dropped with a message saying so, and the rest of the search still runs.
/// </summary>
public sealed record MediaFilter
{
    /// <summary>No search: every image, newest first.</summary>
    public static MediaFilter None { get; } = new();

    public string? Search { get; private init; }
    public ImageKind? Kind { get; private init; }

    /// <summary>The upload month as the form shows it (<c>2026-11</c>).</summary>
    public string? Month { get; private init; }

    public string? From { get; private init; }
    public string? To { get; private init; }

    /// <summary>UTC bounds [start, end) of the upload time the month and dates ask for.</summary>
    public DateTime? UploadedFrom { get; private init; }
    public DateTime? UploadedBefore { get; private init; }

    public IReadOnlyList<string> Problems { get; private init; } = [];

    /// <summary>The same search, with one more thing to tell the member.</summary>
    public MediaFilter With(string problem) => this with { Problems = [.. Problems, problem] };

    public bool IsEmpty => Search is null && Kind is null && UploadedFrom is null && UploadedBefore is null;

    public static MediaFilter Parse(string? q, string? type, string? month, string? from, string? to, SiteCalendar calendar)
    {
        var problems = new List<string>();
        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (search?.Length > 200)
        {
            problems.Add("The search was cut to its first 200 characters.");
            search = search[..200];
        }

        ImageKind? kind = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            // Matched by name only: Enum.TryParse would also take "7" as a type.
            kind = Kinds.Where(k => string.Equals(k.ToString(), type.Trim(), StringComparison.OrdinalIgnoreCase)).Select(k => (ImageKind?)k).FirstOrDefault();
            if (kind is null)
            {
                problems.Add($"That image type is not one the library keeps, so every type is shown. Choose {string.Join(", ", Kinds.Select(Label))}.");
            }
        }

        (DateTime Start, DateTime End)? monthRange = null;
        string? monthShown = null;
        if (!string.IsNullOrWhiteSpace(month))
        {
            if (DateTime.TryParseExact(month.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
                && calendar.Range(m.Year, m.Month, null) is { } range)
            {
                monthRange = range;
                monthShown = month.Trim();
            }
            else
            {
                problems.Add("The month was not a month such as 2026-11, so it was left out of the search.");
            }
        }

        var fromDay = Day(from, "from", calendar, problems);
        var toDay = Day(to, "to", calendar, problems);
        if (fromDay is { } f && toDay is { } t && f.Start >= t.End)
        {
            problems.Add("The “from” date is after the “to” date, so neither was used.");
            (fromDay, toDay) = (null, null);
        }

        DateTime? start = Latest(monthRange?.Start, fromDay?.Start);
        DateTime? end = Earliest(monthRange?.End, toDay?.End);
        return new MediaFilter
        {
            Search = search,
            Kind = kind,
            Month = monthShown,
            From = fromDay is null ? null : from!.Trim(),
            To = toDay is null ? null : to!.Trim(),
            UploadedFrom = start,
            UploadedBefore = end,
            Problems = problems,
        };
    }

    /// <summary>The formats the library accepts, in the order the form offers them.</summary>
    public static IReadOnlyList<ImageKind> Kinds { get; } = Enum.GetValues<ImageKind>();

    public static string Label(ImageKind kind) => kind switch
    {
        ImageKind.Jpeg => "JPEG",
        ImageKind.Png => "PNG",
        ImageKind.WebP => "WebP",
        ImageKind.Gif => "GIF",
        _ => kind.ToString(),
    };

    /// <summary>"JPEG" for image/jpeg: the name the form offers.</summary>
    public static string LabelOf(string contentType) =>
        Kinds.Where(k => ImageSniffer.ContentType(k) == contentType).Select(Label).FirstOrDefault() ?? contentType;

    /// <summary>The query string of this search (only the values that were understood), with the page number.</summary>
    public string Query(int page)
    {
        var query = QueryString.Empty;
        foreach (var (name, value) in new[] { ("q", Search), ("type", Kind?.ToString().ToLowerInvariant()), ("month", Month), ("from", From), ("to", To) })
        {
            if (value is not null)
            {
                query = query.Add(name, value);
            }
        }

        if (page > 1)
        {
            query = query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        }

        return query.ToUriComponent();
    }

    private static (DateTime Start, DateTime End)? Day(string? value, string name, SiteCalendar calendar, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && calendar.Range(day.Year, day.Month, day.Day) is { } range)
        {
            return range;
        }

        problems.Add($"The “{name}” date was not a date such as 2026-11-30, so it was left out of the search.");
        return null;
    }

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
