using Broadsheet.Subscriptions;

namespace Broadsheet.Tests.Subscriptions;

public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTime Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void The_day_clocks_go_forward_is_23_hours_long_and_the_day_they_go_back_25()
    {
        var (start, end) = DigestSchedule.LatestDaily(Utc(2027, 3, 14, 12), NewYork, new TimeOnly(7, 0));
        Assert.Equal(Utc(2027, 3, 13, 12), start);
        Assert.Equal(Utc(2027, 3, 14, 11), end);

        (start, end) = DigestSchedule.LatestDaily(Utc(2027, 11, 7, 12, 30), NewYork, new TimeOnly(7, 0));
        Assert.Equal(TimeSpan.FromHours(25), end - start);
        Assert.Equal(Utc(2027, 11, 7, 12), end);
    }

    [Fact]
    public void Before_the_moment_the_latest_digest_is_the_previous_days()
    {
        var (_, end) = DigestSchedule.LatestDaily(Utc(2027, 6, 1, 5, 59), London, new TimeOnly(7, 0));
        Assert.Equal(Utc(2027, 5, 31, 6), end);
        (_, end) = DigestSchedule.LatestDaily(Utc(2027, 6, 1, 6, 0), London, new TimeOnly(7, 0));
        Assert.Equal(Utc(2027, 6, 1, 6), end);
    }

    [Fact]
    public void A_time_the_clocks_skip_is_the_end_of_the_gap_and_a_time_that_happens_twice_is_its_first()
    {
        // London skips 01:00–02:00 on 28 March 2027 and repeats 01:00–02:00 on 31 October 2027.
        Assert.Equal(Utc(2027, 3, 28, 1), DigestSchedule.Moment(new DateOnly(2027, 3, 28), new TimeOnly(1, 30), London));
        Assert.Equal(Utc(2027, 10, 31, 0, 30), DigestSchedule.Moment(new DateOnly(2027, 10, 31), new TimeOnly(1, 30), London));
    }

    [Fact]
    public void The_weekly_digest_is_on_its_day_and_covers_the_seven_local_days_before()
    {
        // Wednesday 3 November 2027: the latest Monday 07:00 in London is 1 November, 07:00 UTC.
        var (start, end) = DigestSchedule.LatestWeekly(Utc(2027, 11, 3, 9), London, new TimeOnly(7, 0), DayOfWeek.Monday);
        Assert.Equal(Utc(2027, 11, 1, 7), end);
        Assert.Equal(Utc(2027, 10, 25, 6), start);
    }
}
