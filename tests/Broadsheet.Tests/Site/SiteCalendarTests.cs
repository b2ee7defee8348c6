using Broadsheet.Site;
using Microsoft.Extensions.Options;

namespace Broadsheet.Tests.Site;

public sealed class SiteCalendarTests
{
    private static SiteCalendar Calendar(string zone = "America/New_York", string culture = "en-US") =>
        new(Options.Create(new BroadsheetOptions { Site = new SiteOptions { TimeZone = zone, Culture = culture } }));

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
