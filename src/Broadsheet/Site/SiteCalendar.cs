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
        return new(TimeZoneInfo.FindSystemTimeZoneById(timeZone), cultureInfo, dateFormat, plain.Length > 0 ? plain : "d");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"dddd[,.\s]*")]
    private static partial System.Text.RegularExpressions.Regex Weekday();

    private sealed record State(TimeZoneInfo Zone, CultureInfo Culture, string DateFormat, string PlainDatePattern);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);

    /// <summary>"Wednesday, April 24, 2024" in the site's culture and zone.</summary>
    public string DateLine(DateTime utc) => ToLocal(utc).ToString(DateFormat, Culture);

    /// <summary>The long date without the weekday ("April 25, 2024"), for dated notes such as corrections.</summary>
    public string PlainDate(DateTime utc)
    {
        var current = state;
        return TimeZoneInfo.ConvertTimeFromUtc(utc, current.Zone).ToString(current.PlainDatePattern, current.Culture);
    }

    /// <summary>ISO 8601 with the site's offset, for <c>&lt;time datetime&gt;</c> and JSON-LD.</summary>
    public string Iso(DateTime utc)
    {
        var local = ToLocal(utc);
        return new DateTimeOffset(local, Zone.GetUtcOffset(utc)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
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
