using Broadsheet.Articles;
using Broadsheet.Subscriptions;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Subscribers in any state, and sections, written straight to the app's database (as after the reader's own steps).</summary>
public static class SubscriberBuilder
{
    public static Task<Subscriber> AddSubscriberAsync(this NewsroomApp app, string email, SubscriberStatus status,
        Frequency frequency = Frequency.AsPublished, int[]? sections = null, DateTime? createdAt = null, DateTime? unsubscribedAt = null,
        string? bounceReason = null, bool paused = false) =>
        app.WithDbAsync(async (db, _) =>
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var subscriber = new Subscriber
            {
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                Status = status,
                Frequency = frequency,
                Paused = paused,
                CreatedAt = createdAt ?? now,
                ConsentedAt = status == SubscriberStatus.Pending ? null : (createdAt ?? now),
                ConsentSource = status == SubscriberStatus.Pending ? null : "confirmed link",
                UnsubscribedAt = status == SubscriberStatus.Unsubscribed ? unsubscribedAt ?? now : null,
                BounceCount = status == SubscriberStatus.Bouncing ? 3 : 0,
                BounceReason = status == SubscriberStatus.Bouncing ? bounceReason ?? "550 5.1.1 No such user" : null,
                LinkKey = SubscriptionLinks.NewLinkKey(),
                Sections = (sections ?? []).Select(id => new SubscriberSection { SectionId = id }).ToList(),
            };
            db.Subscribers.Add(subscriber);
            await db.SaveChangesAsync();
            return subscriber;
        });

    /// <summary>A section of its own for a test, so counts per section start from zero.</summary>
    public static Task<Section> AddSectionAsync(this NewsroomApp app, string name) =>
        app.WithDbAsync(async (db, _) =>
        {
            var section = new Section { Name = name, Slug = Slugs.From(name), Position = 900 };
            db.Sections.Add(section);
            await db.SaveChangesAsync();
            return section;
        });

    /// <summary>An address domain no other test uses, so a search for it finds only this test's subscribers.</summary>
    public static string UniqueDomain() => $"d{Guid.NewGuid().ToString("N")[..10]}.example";
}
