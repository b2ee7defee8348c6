namespace Broadsheet.Subscriptions;

/// <summary>
/// When digests go out: at a local time of day in the site's time zone, every day or on one weekday. A period
/// runs from one moment to the next in local time, so across a change to or from summer time a daily period
/// lasts 23 or 25 hours and still starts and ends at the same hour on the clock.
/// </summary>
public static class DigestSchedule
{
    /// <summary>The latest daily moment at or before <paramref name="utcNow"/>, and the period [previous moment, it) in UTC.</summary>
    public static (DateTime Start, DateTime End) LatestDaily(DateTime utcNow, TimeZoneInfo zone, TimeOnly at)
    {
        var day = LocalDate(utcNow, zone);
        while (Moment(day, at, zone) > utcNow)
        {
            day = day.AddDays(-1);
        }

        return (Moment(day.AddDays(-1), at, zone), Moment(day, at, zone));
    }

    /// <summary>The latest weekly moment (on <paramref name="weekday"/>) at or before <paramref name="utcNow"/>, and the week before it.</summary>
    public static (DateTime Start, DateTime End) LatestWeekly(DateTime utcNow, TimeZoneInfo zone, TimeOnly at, DayOfWeek weekday)
    {
        var day = LocalDate(utcNow, zone);
        while (day.DayOfWeek != weekday || Moment(day, at, zone) > utcNow)
        {
            day = day.AddDays(-1);
        }

        return (Moment(day.AddDays(-7), at, zone), Moment(day, at, zone));
    }

    /// <summary>
    /// The UTC instant of a local date and time. A time the clocks skip (spring forward) becomes the first
    /// minute after the gap; a time that happens twice (fall back) is its first occurrence.
    /// </summary>
    public static DateTime Moment(DateOnly date, TimeOnly at, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(at, DateTimeKind.Unspecified);
        for (var step = 0; step < 24 * 60 && zone.IsInvalidTime(local); step++)
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            return DateTime.SpecifyKind(local - zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static DateOnly LocalDate(DateTime utcNow, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone));
}
