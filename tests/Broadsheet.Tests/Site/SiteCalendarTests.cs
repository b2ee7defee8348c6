using Broadsheet.Site;
using Microsoft.Extensions.Options;

namespace Broadsheet.Tests.Site;

public sealed class SiteCalendarTests
{
    private static SiteCalendar Calendar(string zone = "America/New_York", string culture = "en-US", string dateFormat = "D") =>
        new(Options.Create(new BroadsheetOptions { Site = new SiteOptions { TimeZone = zone, Culture = culture, DateFormat = dateFormat } }));

    [Fact]
    public void Date_line_is_written_out_in_the_site_zone_and_language()
    {
        var utc = new DateTime(2024, 4, 25, 2, 0, 0, DateTimeKind.Utc); // still the 24th in New York
        Assert.Equal("Wednesday, April 24, 2024", Calendar().DateLine(utc));
        Assert.Equal("mercredi 24 avril 2024", Calendar(culture: "fr-FR").DateLine(utc));
    }

    [Fact]
    public void Article_path_uses_the_local_date()
    {
        var utc = new DateTime(2024, 4, 25, 2, 0, 0, DateTimeKind.Utc);
        Assert.Equal("/2024/04/24/slug", Calendar().ArticlePath(utc, "slug"));
        Assert.Equal("/2024/04/25/slug", Calendar("UTC").ArticlePath(utc, "slug"));
    }

    [Fact]
    public void Iso_carries_the_site_offset()
    {
        Assert.Equal("2024-04-24T22:00:00-04:00", Calendar().Iso(new DateTime(2024, 4, 25, 2, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Iso_writes_offsets_east_and_west_with_minutes_and_utc_as_zero()
    {
        var utc = new DateTime(2024, 1, 15, 23, 30, 5, DateTimeKind.Utc);
        Assert.Equal("2024-01-16T05:15:05+05:45", Calendar("Asia/Kathmandu").Iso(utc));
        Assert.Equal("2024-01-15T20:00:05-03:30", Calendar("America/St_Johns").Iso(utc));
        Assert.Equal("2024-01-15T23:30:05+00:00", Calendar("UTC").Iso(utc));
    }

    [Fact]
    public void Stamp_gives_the_date_line_and_time_of_a_comment_on_either_side_of_a_clock_change()
    {
        var calendar = Calendar();
        // New York moved its clocks forward at 07:00 UTC on 10 March 2024: the same day, two offsets.
        var before = calendar.Stamp(new DateTime(2024, 3, 10, 6, 30, 0, DateTimeKind.Utc));
        var after = calendar.Stamp(new DateTime(2024, 3, 10, 7, 30, 0, DateTimeKind.Utc));
        // The short time as this machine's ICU writes it ("1:30 AM", with a narrow space in recent versions).
        string Time(int hour) => new DateTime(2024, 3, 10, hour, 30, 0).ToString("t", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
        Assert.Equal(new DatedTime("2024-03-10T01:30:00-05:00", $"Sunday, March 10, 2024, {Time(1)}"), before);
        Assert.Equal(new DatedTime("2024-03-10T03:30:00-04:00", $"Sunday, March 10, 2024, {Time(3)}"), after);
        Assert.Equal("Sunday, March 10, 2024", calendar.DateLine(new DateTime(2024, 3, 10, 7, 30, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_date_format_that_writes_the_time_is_written_anew_for_each_moment_of_a_day()
    {
        // Date lines are kept per day only when the format writes the day alone.
        var calendar = Calendar(zone: "UTC", dateFormat: "yyyy-MM-dd HH:mm");
        Assert.Equal("2024-03-10 06:30", calendar.DateLine(new DateTime(2024, 3, 10, 6, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2024-03-10 17:45", calendar.DateLine(new DateTime(2024, 3, 10, 17, 45, 0, DateTimeKind.Utc)));
        var dayOnly = Calendar(zone: "UTC", dateFormat: "dddd d MMMM yyyy");
        Assert.Equal("Sunday 10 March 2024", dayOnly.DateLine(new DateTime(2024, 3, 10, 6, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("Monday 11 March 2024", dayOnly.DateLine(new DateTime(2024, 3, 11, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Day_range_covers_the_local_day_in_utc()
    {
        var range = Calendar().Range(2024, 4, 24)!.Value;
        Assert.Equal(new DateTime(2024, 4, 24, 4, 0, 0, DateTimeKind.Utc), range.Start);
        Assert.Equal(new DateTime(2024, 4, 25, 4, 0, 0, DateTimeKind.Utc), range.End);
    }

    [Fact]
    public void A_day_whose_midnight_happens_twice_starts_at_the_first_one()
    {
        // Havana turns clocks back from 01:00 to 00:00 on the first Sunday of November.
        var range = Calendar("America/Havana").Range(2024, 11, 3)!.Value;
        Assert.Equal(new DateTime(2024, 11, 3, 4, 0, 0, DateTimeKind.Utc), range.Start);
    }

    [Theory]
    [InlineData(2024, 2, 30)]
    [InlineData(2023, 2, 29)]
    [InlineData(2024, 13, null)]
    public void Impossible_dates_have_no_range(int year, int? month, int? day) =>
        Assert.Null(Calendar().Range(year, month, day));
}
