using Broadsheet.Mail;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Subscriptions;

/// <summary>
/// The daily digest at 07:00 in London across the change to summer time (Sunday 28 March 2027, 01:00 UTC):
/// on that day 07:00 is 06:00 UTC, and the period before it lasts 23 hours.
/// </summary>
public sealed class SqliteDailyDigestTests(LondonMailApp app) : DailyDigestTests<LondonMailApp>(app), IClassFixture<LondonMailApp>;

public sealed class PostgresDailyDigestTests(PostgresLondonMailApp app) : DailyDigestTests<PostgresLondonMailApp>(app), IClassFixture<PostgresLondonMailApp>;

public abstract class DailyDigestTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : MailApp
{
    [Fact]
    public async Task The_daily_digest_goes_out_at_seven_local_time_across_the_clock_change_with_that_periods_articles()
    {
        Assert.Equal("Europe/London", App.Services.GetRequiredService<SiteCalendar>().Zone.Id);
        App.Clock.SetUtcNow(Utc(2027, 3, 27, 12, 0));
        await App.SendMailingsAsync();

        var news = await App.AddSectionAsync();
        var sport = await App.AddSectionAsync();
        var newsSlug = await App.SectionSlugAsync(news);
        var reader = await App.AddConfirmedSubscriberAsync("daily-news@example.org", Frequency.Daily, news);
        var sportReader = await App.AddConfirmedSubscriberAsync("daily-sport@example.org", Frequency.Daily, sport);
        var alertReader = await App.AddConfirmedSubscriberAsync("alerts-news@example.org", Frequency.AsPublished, news);
        var weeklyReader = await App.AddConfirmedSubscriberAsync("weekly-news@example.org", Frequency.Weekly, news);
        var paused = await App.AddSubscriberAsync("paused-news@example.org", SubscriberStatus.Confirmed, Frequency.Daily, true, news);

        App.Clock.SetUtcNow(Utc(2027, 3, 27, 13, 0));
        var saturday = await new ArticleBuilder().Headline("Saturday market moves indoors").InSection(newsSlug).PublishedAt(Utc(2027, 3, 27, 12, 30)).SaveAsync(App);

        // 05:59 UTC is 06:59 in London now: one minute early.
        App.Clock.SetUtcNow(Utc(2027, 3, 28, 5, 59));
        await App.SendMailingsAsync();
        Assert.Empty(App.Smtp.For(reader.Email));

        App.Clock.SetUtcNow(Utc(2027, 3, 28, 6, 0));
        await App.SendMailingsAsync();
        var digest = Assert.Single(App.Smtp.For(reader.Email));
        Assert.Contains(saturday.Headline, digest.Text, StringComparison.Ordinal);
        Assert.Contains(saturday.Headline, digest.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("/subscription/unsubscribe?token=", digest.Header("List-Unsubscribe"), StringComparison.Ordinal);
        var job = (await App.JobsAsync(MailJobKind.DailyDigest)).Single(j => j.PeriodEnd == Utc(2027, 3, 28, 6, 0));
        Assert.Equal(Utc(2027, 3, 27, 7, 0), job.PeriodStart);

        // Nothing new in their sections, not subscribed to digests, weekly, or paused: nothing.
        Assert.Empty(App.Smtp.For(sportReader.Email));
        Assert.Empty(App.Smtp.For(alertReader.Email));
        Assert.Empty(App.Smtp.For(weeklyReader.Email));
        Assert.Empty(App.Smtp.For(paused.Email));

        // The next period starts where this one ended: an article at 06:30 UTC is in Monday's digest, alone.
        App.Clock.SetUtcNow(Utc(2027, 3, 28, 7, 0));
        var sunday = await new ArticleBuilder().Headline("Clocks went forward overnight").InSection(newsSlug).PublishedAt(Utc(2027, 3, 28, 6, 30)).SaveAsync(App);
        App.Clock.SetUtcNow(Utc(2027, 3, 29, 5, 59));
        await App.SendMailingsAsync();
        Assert.Single(App.Smtp.For(reader.Email));

        App.Clock.SetUtcNow(Utc(2027, 3, 29, 6, 0));
        await App.SendMailingsAsync();
        var second = App.Smtp.For(reader.Email).Skip(1).Single();
        Assert.Contains(sunday.Headline, second.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(saturday.Headline, second.Text, StringComparison.Ordinal);
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => DigestTime.Utc(year, month, day, hour, minute);
}

internal static class DigestTime
{
    public static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}

/// <summary>
/// The weekly digest on Monday at 07:00 in London across the change back to winter time (Sunday 31 October
/// 2027): Monday 25 October 07:00 is 06:00 UTC, Monday 1 November 07:00 is 07:00 UTC, a week of 169 hours.
/// </summary>
public sealed class SqliteWeeklyDigestTests(LondonMailApp app) : WeeklyDigestTests<LondonMailApp>(app), IClassFixture<LondonMailApp>;

public sealed class PostgresWeeklyDigestTests(PostgresLondonMailApp app) : WeeklyDigestTests<PostgresLondonMailApp>(app), IClassFixture<PostgresLondonMailApp>;

public abstract class WeeklyDigestTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : MailApp
{
    private static DateTime Utc(int year, int month, int day, int hour, int minute) => DigestTime.Utc(year, month, day, hour, minute);

    [Fact]
    public async Task The_weekly_digest_goes_out_on_monday_at_seven_local_time_across_the_clock_change_with_that_weeks_articles()
    {
        App.Clock.SetUtcNow(Utc(2027, 10, 25, 5, 0));
        await App.SendMailingsAsync();

        var culture = await App.AddSectionAsync();
        var weather = await App.AddSectionAsync();
        var cultureSlug = await App.SectionSlugAsync(culture);
        var reader = await App.AddConfirmedSubscriberAsync("weekly-culture@example.org", Frequency.Weekly, culture);
        var weatherReader = await App.AddConfirmedSubscriberAsync("weekly-weather@example.org", Frequency.Weekly, weather);
        var dailyReader = await App.AddConfirmedSubscriberAsync("daily-weather@example.org", Frequency.Daily, weather);

        App.Clock.SetUtcNow(Utc(2027, 10, 25, 5, 45));
        var lastWeek = await new ArticleBuilder().Headline("Orchestra announces its season").InSection(cultureSlug).PublishedAt(Utc(2027, 10, 25, 5, 30)).SaveAsync(App);
        App.Clock.SetUtcNow(Utc(2027, 10, 25, 5, 59));
        await App.SendMailingsAsync();
        Assert.Empty(App.Smtp.For(reader.Email));

        App.Clock.SetUtcNow(Utc(2027, 10, 25, 6, 0));
        await App.SendMailingsAsync();
        Assert.Contains(lastWeek.Headline, Assert.Single(App.Smtp.For(reader.Email)).Text, StringComparison.Ordinal);

        // 06:30 UTC on the Monday is after 07:00 BST; 06:30 UTC a week later is before 07:00 GMT.
        App.Clock.SetUtcNow(Utc(2027, 10, 25, 6, 45));
        var monday = await new ArticleBuilder().Headline("Museum night draws a crowd").InSection(cultureSlug).PublishedAt(Utc(2027, 10, 25, 6, 30)).SaveAsync(App);
        App.Clock.SetUtcNow(Utc(2027, 11, 1, 6, 45));
        var nextMonday = await new ArticleBuilder().Headline("Poetry prize shortlist published").InSection(cultureSlug).PublishedAt(Utc(2027, 11, 1, 6, 30)).SaveAsync(App);
        App.Clock.SetUtcNow(Utc(2027, 11, 1, 6, 59));
        await App.SendMailingsAsync();
        Assert.Single(App.Smtp.For(reader.Email));

        App.Clock.SetUtcNow(Utc(2027, 11, 1, 7, 0));
        await App.SendMailingsAsync();
        var digest = App.Smtp.For(reader.Email).Skip(1).Single();
        Assert.Contains(monday.Headline, digest.Text, StringComparison.Ordinal);
        Assert.Contains(nextMonday.Headline, digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(lastWeek.Headline, digest.Text, StringComparison.Ordinal);
        Assert.Contains("weekly", digest.Message.Subject, StringComparison.Ordinal);
        var job = (await App.JobsAsync(MailJobKind.WeeklyDigest)).Single(j => j.PeriodEnd == Utc(2027, 11, 1, 7, 0));
        Assert.Equal(TimeSpan.FromHours(169), job.PeriodEnd - job.PeriodStart);

        Assert.Empty(App.Smtp.For(weatherReader.Email));
        Assert.Empty(App.Smtp.For(dailyReader.Email));
    }
}
