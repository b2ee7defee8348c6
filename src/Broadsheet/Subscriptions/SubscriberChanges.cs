using Broadsheet.Data;
using Broadsheet.Mail;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Subscriptions;

public enum ConfirmOutcome
{
    Confirmed,
    AlreadyUsed,
    Invalid,
}

/// <summary>What a subscriber does with the links in their mail: confirm, change, unsubscribe, take their data, delete it.</summary>
public sealed class SubscriberChanges(BroadsheetDb db, SubscriptionLinks links, TimeProvider time, Webhooks.WebhookOutbox webhooks)
{
    /// <summary>The subscriber a preferences or unsubscribe link is for; null when the link is not valid (any more).</summary>
    public async Task<Subscriber?> FindAsync((int Id, string LinkKey)? link, CancellationToken cancellationToken)
    {
        if (link is not { } value)
        {
            return null;
        }

        var subscriber = await db.Subscribers.Include(s => s.Sections).FirstOrDefaultAsync(s => s.Id == value.Id, cancellationToken);
        return subscriber?.LinkKey == value.LinkKey ? subscriber : null;
    }

    public Task<bool> IsSpentAsync(string nonce, CancellationToken cancellationToken) =>
        db.SpentLinks.AnyAsync(l => l.Nonce == nonce, cancellationToken);

    /// <summary>
    /// Follows a valid confirmation link: spends its nonce and confirms the address with the link's choices in one
    /// transaction, so a link works once however many times (and from wherever) it is pressed.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(ConfirmationLink link, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscriber = await db.Subscribers.Include(s => s.Sections).FirstOrDefaultAsync(s => s.Id == link.SubscriberId, cancellationToken);
        if (subscriber is null || subscriber.LinkKey != link.LinkKey)
        {
            return ConfirmOutcome.Invalid;
        }

        var spent = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"SpentLinks\" (\"Nonce\", \"ExpiresAt\") VALUES ({link.Nonce}, {link.ExpiresAt}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (spent != 1)
        {
            return ConfirmOutcome.AlreadyUsed;
        }

        subscriber.Status = SubscriberStatus.Confirmed;
        subscriber.ConsentedAt = now;
        subscriber.ConsentSource = "confirmed link";
        subscriber.UnsubscribedAt = null;
        // The owner just read mail at this address: earlier refusals no longer say anything about it.
        subscriber.BounceCount = 0;
        subscriber.BounceReason = null;
        if (link.Frequency is { } frequency)
        {
            // A link from the subscribe form carries the reader's choices; one from the comment form leaves them alone.
            subscriber.Frequency = frequency;
            subscriber.Paused = false;
            await SetSectionsAsync(subscriber, link.SectionIds, cancellationToken);
        }

        await webhooks.SubscriberConfirmedAsync(db, subscriber, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        webhooks.Wake();
        await db.SpentLinks.Where(l => l.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        return ConfirmOutcome.Confirmed;
    }

    public async Task SavePreferencesAsync(Subscriber subscriber, Frequency frequency, IReadOnlyCollection<int> sectionIds, CancellationToken cancellationToken)
    {
        subscriber.Frequency = frequency;
        await SetSectionsAsync(subscriber, sectionIds, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetPausedAsync(Subscriber subscriber, bool paused, CancellationToken cancellationToken)
    {
        subscriber.Paused = paused;
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<int> StopFollowingAsync(Subscriber subscriber, int followId, CancellationToken cancellationToken) =>
        db.DiscussionFollows.Where(f => f.Id == followId && f.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// Unsubscribes from everything: no alert, digest or follow-up goes to the address again, including what is
    /// already queued, until its owner subscribes again and confirms.
    /// </summary>
    public async Task UnsubscribeAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (subscriber.Status != SubscriberStatus.Unsubscribed)
        {
            subscriber.Status = SubscriberStatus.Unsubscribed;
            subscriber.UnsubscribedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.DiscussionFollows.Where(f => f.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Outbox.Where(m => m.SubscriberId == subscriber.Id && m.Status == OutboxStatus.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Cancelled).SetProperty(m => m.LastError, "Unsubscribed."), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes everything the site holds about the address: the subscriber, their sections and follows, and their mail.</summary>
    public async Task DeleteAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Outbox.Where(m => m.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        await db.DiscussionFollows.Where(f => f.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        await db.SubscriberSections.Where(s => s.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Subscribers.Where(s => s.Id == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public sealed record FollowView(int Id, int ArticleId, string Headline, FollowKind Kind, int? CommentId, DateTime CreatedAt);

    public Task<List<FollowView>> FollowsAsync(int subscriberId, CancellationToken cancellationToken) =>
        db.DiscussionFollows.AsNoTracking().Where(f => f.SubscriberId == subscriberId)
            .OrderBy(f => f.Id)
            .Select(f => new FollowView(f.Id, f.ArticleId, f.Article.Headline, f.Kind, f.CommentId, f.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Everything held about the address, for the reader to download.</summary>
    public async Task<object> ExportAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        var sections = await db.SubscriberSections.AsNoTracking().Where(s => s.SubscriberId == subscriber.Id)
            .Select(s => new { s.Section.Id, s.Section.Name, s.Section.Slug }).ToListAsync(cancellationToken);
        var follows = await FollowsAsync(subscriber.Id, cancellationToken);
        var messages = await db.Outbox.AsNoTracking().Where(m => m.SubscriberId == subscriber.Id).OrderBy(m => m.Id)
            .Select(m => new { m.MessageId, Kind = m.Kind.ToString(), m.ToAddress, m.Subject, Status = m.Status.ToString(), QueuedAt = m.CreatedAt, m.SentAt, m.TextBody })
            .ToListAsync(cancellationToken);
        return new
        {
            Subscriber = new
            {
                subscriber.Email,
                Status = subscriber.Status.ToString(),
                Frequency = subscriber.Frequency.ToString(),
                subscriber.Paused,
                subscriber.CreatedAt,
                subscriber.ConsentedAt,
                subscriber.ConsentSource,
                subscriber.UnsubscribedAt,
                subscriber.ConfirmationSentAt,
                subscriber.BounceCount,
                subscriber.BounceReason,
            },
            Sections = sections,
            Follows = follows.Select(f => new { f.ArticleId, f.Headline, Kind = f.Kind.ToString(), f.CommentId, f.CreatedAt }),
            Messages = messages,
        };
    }

    private async Task SetSectionsAsync(Subscriber subscriber, IReadOnlyCollection<int> sectionIds, CancellationToken cancellationToken)
    {
        // Only sections that still exist: one may have been deleted since the link was sent.
        var existing = await db.Sections.Where(s => sectionIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        subscriber.Sections.RemoveAll(s => !existing.Contains(s.SectionId));
        foreach (var id in existing.Where(id => subscriber.Sections.All(s => s.SectionId != id)))
        {
            subscriber.Sections.Add(new SubscriberSection { SubscriberId = subscriber.Id, SectionId = id });
        }
    }

    /// <summary>The preferences link, for the page a confirmation lands on.</summary>
    public string PreferencesPath(Subscriber subscriber) => links.PreferencesPath(subscriber);
}
