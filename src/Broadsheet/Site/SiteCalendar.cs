using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

/// <summary>The site's time zone and language: date lines, archive ranges and dated URLs.</summary>
public sealed partial class SiteCalendar
{
    private volatile State state;

    public SiteCalendar(IOptions<BroadsheetOptions> options)
    {
        var site = options.Value.Site;
        state = Create(site.TimeZone, site.Culture, site.DateFormat);
    }

    public TimeZoneInfo Zone => state.Zone;
    public CultureInfo Culture => state.Culture;
    public string DateFormat => state.DateFormat;

    /// <summary>The newsroom changed the site's zone, language or date format.</summary>
    internal void Apply(string timeZone, string culture, string dateFormat) => state = Create(timeZone, culture, dateFormat);

    private static State Create(string timeZone, string culture, string dateFormat)
    {
        var cultureInfo = CultureInfo.GetCultureInfo(culture);
        // Worked out once per setting, not once per dated note on every page.
        var plain = Weekday().Replace(cultureInfo.DateTimeFormat.LongDatePattern, "").Trim(' ', ',');
        return new(TimeZoneInfo.FindSystemTimeZoneById(timeZone), cultureInfo, dateFormat, plain.Length > 0 ? plain : "d")
        {
            DayOnly = IsDayOnly(dateFormat, cultureInfo),
        };
    }

    /// <summary>
    /// Whether a date format writes the day alone, so that its text can be kept per day: two times of one day come out
    /// the same, and it writes no offset (which moves within a day where clocks change).
    /// </summary>
    private static bool IsDayOnly(string format, CultureInfo culture)
    {
        try
        {
            return !format.Contains('z') && !format.Contains('K')
                && new DateTime(2001, 2, 3, 1, 2, 3, 4).ToString(format, culture) == new DateTime(2001, 2, 3, 13, 14, 15, 789).ToString(format, culture);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"dddd[,.\s]*")]
    private static partial System.Text.RegularExpressions.Regex Weekday();

    private sealed record State(TimeZoneInfo Zone, CultureInfo Culture, string DateFormat, string PlainDatePattern)
    {
        /// <summary>At most this many days' date lines are kept; then they are forgotten and kept afresh.</summary>
        private const int KeptDays = 4096;

        /// <summary>
        /// Date lines by local day, when the format writes nothing else: a page's dates fall on a few days (a
        /// discussion's comments, a list's cards), and a culture's long date is the dearest part of writing one.
        /// </summary>
        private readonly ConcurrentDictionary<int, string> dateLines = new();

        public bool DayOnly { get; init; }

        public string DateLine(DateTime local)
        {
            if (!DayOnly)
            {
                return local.ToString(DateFormat, Culture);
            }

            var day = DateOnly.FromDateTime(local).DayNumber;
            if (dateLines.TryGetValue(day, out var line))
            {
                return line;
            }

            if (dateLines.Count >= KeptDays)
            {
                dateLines.Clear();
            }

            line = local.ToString(DateFormat, Culture);
            dateLines[day] = line;
            return line;
        }
    }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);

    /// <summary>"Wednesday, April 24, 2024" in the site's culture and zone.</summary>
    public string DateLine(DateTime utc)
    {
        var current = state;
        return current.DateLine(TimeZoneInfo.ConvertTimeFromUtc(utc, current.Zone));
    }

    /// <summary>
    /// One moment's ISO form and its date line with the time ("Wednesday, April 24, 2024, 3:45 PM"), converted to the
    /// site's zone once: a discussion writes both for every comment.
    /// </summary>
    public DatedTime Stamp(DateTime utc)
    {
        var current = state;
        var (local, offset) = Local(utc, current.Zone);
        // A format that writes more than the day (an offset, a "Z") gets the time as DateLine converts it, kind and all.
        var line = current.DayOnly ? current.DateLine(local) : current.DateLine(TimeZoneInfo.ConvertTimeFromUtc(utc, current.Zone));
        return new(IsoOf(local, offset), string.Concat(line, ", ", local.ToString("t", current.Culture)));
    }

    /// <summary>The site's time for a UTC time (one taken as UTC when its kind is not given), and its offset.</summary>
    private static (DateTime Local, TimeSpan Offset) Local(DateTime utc, TimeZoneInfo zone)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var offset = zone.GetUtcOffset(utc);
        return (DateTime.SpecifyKind(utc + offset, DateTimeKind.Unspecified), offset);
    }

    /// <summary>"2024-04-24T15:45:00+01:00": the sortable form, whose writing the runtime does without a pattern, and the offset.</summary>
    private static string IsoOf(DateTime local, TimeSpan offset) =>
        string.Create(25, (local, offset), static (span, value) =>
        {
            value.local.TryFormat(span, out _, "s", CultureInfo.InvariantCulture);
            var minutes = (int)value.offset.TotalMinutes;
            span[19] = minutes < 0 ? '-' : '+';
            minutes = Math.Abs(minutes);
            (minutes / 60).TryFormat(span[20..], out _, "00", CultureInfo.InvariantCulture);
            span[22] = ':';
            (minutes % 60).TryFormat(span[23..], out _, "00", CultureInfo.InvariantCulture);
        });

    /// <summary>The long date without the weekday ("April 25, 2024"), for dated notes such as corrections.</summary>
    public string PlainDate(DateTime utc)
    {
        var current = state;
        return TimeZoneInfo.ConvertTimeFromUtc(utc, current.Zone).ToString(current.PlainDatePattern, current.Culture);
    }

    /// <summary>ISO 8601 with the site's offset, for <c>&lt;time datetime&gt;</c> and JSON-LD.</summary>
    public string Iso(DateTime utc)
    {
        var (local, offset) = Local(utc, state.Zone);
        return IsoOf(local, offset);
    }

    public string ArticlePath(DateTime publishedUtc, string slug)
    {
        var local = ToLocal(publishedUtc);
        return string.Create(CultureInfo.InvariantCulture, $"/{local:yyyy}/{local:MM}/{local:dd}/{slug}");
    }

    /// <summary>UTC bounds [start, end) of a local year, month or day; null when the date does not exist.</summary>
    public (DateTime Start, DateTime End)? Range(int year, int? month, int? day)
    {
        if (year is < 1 or > 9998 || month is < 1 or > 12 || (day is not null && month is null))
        {
            return null;
        }

        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(year, month!.Value)))
        {
            return null;
        }

        var start = new DateTime(year, month ?? 1, day ?? 1, 0, 0, 0, DateTimeKind.Unspecified);
        var end = day is not null ? start.AddDays(1) : month is not null ? start.AddMonths(1) : start.AddYears(1);
        return (ToUtc(start), ToUtc(end));
    }

    private DateTime ToUtc(DateTime local)
    {
        // Midnight can fall in a DST gap; step forward to the first valid local time.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        // Where clocks fall back across midnight, the day starts at the first of the two midnights.
        if (Zone.IsAmbiguousTime(local))
        {
            return DateTime.SpecifyKind(local - Zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }
}

/// <summary>A moment as a page writes it: <see cref="Iso"/> for <c>&lt;time datetime&gt;</c>, <see cref="Line"/> for the reader.</summary>
public readonly record struct DatedTime(string Iso, string Line);
