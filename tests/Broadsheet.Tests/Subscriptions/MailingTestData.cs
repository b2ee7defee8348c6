using Broadsheet.Articles;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Subscriptions;

/// <summary>Sections, subscribers in every state, and discussion follows, for the mailing tests.</summary>
public static class MailingTestData
{
    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A new section of its own, so no other test's subscriber follows it.</summary>
    public static async Task<int> AddSectionAsync(this MailApp app, string? name = null) =>
        (await SubscriberBuilder.AddSectionAsync(app, name ?? Unique("Section"))).Id;

    public static Task<string> SectionSlugAsync(this MailApp app, int id) =>
        app.WithDbAsync((db, _) => db.Sections.Where(s => s.Id == id).Select(s => s.Slug).SingleAsync());

    /// <summary>A subscriber in any state (the confirmed ones of <see cref="MailApp.AddConfirmedSubscriberAsync"/> are the usual case).</summary>
    public static Task<Subscriber> AddSubscriberAsync(this MailApp app, string email, SubscriberStatus status, Frequency frequency, bool paused, params int[] sectionIds) =>
        app.AddSubscriberAsync(email, status, frequency, sectionIds, paused: paused);

    public static Task FollowAsync(this MailApp app, Subscriber subscriber, int articleId, FollowKind kind, int? commentId = null) =>
        app.WithDbAsync(async (db, _) =>
        {
            db.DiscussionFollows.Add(new DiscussionFollow
            {
                SubscriberId = subscriber.Id,
                ArticleId = articleId,
                Kind = kind,
                CommentId = commentId,
                CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
            return 0;
        });

    public static Task<List<MailJob>> JobsAsync(this MailApp app, MailJobKind kind) =>
        app.WithDbAsync((db, _) => db.MailJobs.AsNoTracking().Where(j => j.Kind == kind).OrderBy(j => j.Id).ToListAsync());

    /// <summary>The addresses that received mail with this subject, one entry per message.</summary>
    public static List<string> RecipientsOf(this MailApp app, string subject) =>
        app.Smtp.Messages.Where(m => m.Message.Subject == subject).Select(m => m.To).Order(StringComparer.Ordinal).ToList();
}

/// <summary>A mail app whose site lives in London (summer time from late March to late October), digests at 07:00, weekly on Monday.</summary>
public class LondonMailApp : MailApp
{
    public LondonMailApp()
    {
        Configure("Broadsheet:Site:TimeZone", "Europe/London");
        Configure("Broadsheet:Subscriptions:DailyDigestAt", "07:00");
        Configure("Broadsheet:Subscriptions:WeeklyDigestDay", "Monday");
    }
}

public sealed class PostgresLondonMailApp : LondonMailApp
{
    public PostgresLondonMailApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

/// <summary>The mail app on a fresh PostgreSQL database.</summary>
public sealed class PostgresMailApp : MailApp
{
    public PostgresMailApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}
