using Broadsheet.Data;
using Broadsheet.Mail;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Subscriptions;

/// <summary>
/// The first half of double opt-in: a reader asks (the subscribe form, or a box on the comment form) and the
/// address gets a confirmation link, queued in the same transaction that records the request. Whether the address
/// was unknown, pending or already confirmed changes nothing the requester can see; at most one confirmation goes
/// to an address per <see cref="SubscriptionOptions.ConfirmationInterval"/>.
/// </summary>
public sealed class SubscriptionRequests(
    BroadsheetDb db, Outbox outbox, SubscriptionLinks links, SiteUrls urls, SiteSettingsStore settings, SiteCalendar calendar,
    TimeProvider time, IOptions<SubscriptionOptions> options)
{
    /// <summary>What the reader chose; <paramref name="Everything"/> when they left every section ticked.</summary>
    public sealed record Choices(Frequency Frequency, IReadOnlyList<(int Id, string Name)> Sections, bool Everything);

    /// <summary>The subscribe form: a confirmation whose link applies these choices.</summary>
    public async Task RequestAsync(string email, Choices choices, CancellationToken cancellationToken)
    {
        await RecordAsync(email, null, null, subscriber => (
            links.ConfirmPath(subscriber, choices.Frequency, choices.Sections.Select(s => s.Id).ToList()),
            Wanted(choices)), cancellationToken);
        outbox.Wake();
    }

    /// <summary>
    /// The comment form's boxes: follow the article's discussion and/or the replies to the new comment. The follows
    /// are recorded at once and take effect when the address is confirmed; an unconfirmed address gets a confirmation.
    /// </summary>
    public async Task FollowAsync(string email, string name, int articleId, string headline, bool allComments, int? repliesTo, CancellationToken cancellationToken)
    {
        if (!allComments && repliesTo is null)
        {
            return;
        }

        await RecordAsync(email, name, async subscriber =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var existing = await db.DiscussionFollows
                .Where(f => f.SubscriberId == subscriber.Id && f.ArticleId == articleId)
                .Select(f => new { f.Kind, f.CommentId })
                .ToListAsync(cancellationToken);
            if (allComments && !existing.Any(f => f.Kind == FollowKind.AllComments))
            {
                db.DiscussionFollows.Add(new DiscussionFollow { SubscriberId = subscriber.Id, ArticleId = articleId, Kind = FollowKind.AllComments, CreatedAt = now });
            }

            if (repliesTo is { } commentId && !existing.Any(f => f.Kind == FollowKind.RepliesToComment && f.CommentId == commentId))
            {
                db.DiscussionFollows.Add(new DiscussionFollow { SubscriberId = subscriber.Id, ArticleId = articleId, Kind = FollowKind.RepliesToComment, CommentId = commentId, CreatedAt = now });
            }
        }, subscriber => subscriber.CanReceive
            ? null
            : (links.ConfirmPath(subscriber, null, null),
                allComments ? $"email about new comments on “{headline}”" : $"email about replies to your comment on “{headline}”"),
            cancellationToken);
        outbox.Wake();
    }

    private static string Wanted(Choices choices)
    {
        var names = choices.Sections.Select(s => s.Name).ToList();
        var sections = choices.Everything || names.Count == 0 ? "all our sections"
            : names.Count == 1 ? names[0]
            : string.Join(", ", names[..^1]) + " and " + names[^1];
        return choices.Frequency switch
        {
            Frequency.Daily => $"a daily digest of new articles in {sections}",
            Frequency.Weekly => $"a weekly digest of new articles in {sections}",
            _ => $"an email for each new article in {sections}",
        };
    }

    /// <summary>
    /// Finds or creates the subscriber, lets <paramref name="record"/> add to the unit of work, and queues a confirmation
    /// when <paramref name="confirmation"/> gives one and the interval allows — all in one transaction.
    /// </summary>
    private async Task RecordAsync(
        string email, string? name, Func<Subscriber, Task>? record,
        Func<Subscriber, (string Path, string Wanted)?> confirmation, CancellationToken cancellationToken)
    {
        email = email.Trim();
        var normalized = email.ToUpperInvariant();
        // Two first requests for the same new address at once: the loser of the unique index tries again and finds it.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await RecordOnceAsync(email, normalized, record, confirmation, name, cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task RecordOnceAsync(
        string email, string normalized, Func<Subscriber, Task>? record, Func<Subscriber, (string Path, string Wanted)?> confirmation,
        string? name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.NormalizedEmail == normalized, cancellationToken);
        if (subscriber is null)
        {
            subscriber = new Subscriber
            {
                Email = email,
                NormalizedEmail = normalized,
                Status = SubscriberStatus.Pending,
                Frequency = Frequency.None,
                CreatedAt = now,
                LinkKey = SubscriptionLinks.NewLinkKey(),
            };
            db.Subscribers.Add(subscriber);
            // The id goes into the signed links.
            await db.SaveChangesAsync(cancellationToken);
        }

        if (record is not null)
        {
            await record(subscriber);
        }

        if (confirmation(subscriber) is { } confirm && await ClaimConfirmationAsync(subscriber.Id, now, cancellationToken))
        {
            QueueConfirmation(subscriber, name, confirm.Path, confirm.Wanted);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Records that a confirmation goes out now, unless one went out within the interval. One conditional update, so
    /// that of two simultaneous requests only one sends.
    /// </summary>
    private async Task<bool> ClaimConfirmationAsync(int subscriberId, DateTime now, CancellationToken cancellationToken)
    {
        var since = now - options.Value.ConfirmationInterval;
        return await db.Subscribers
            .Where(s => s.Id == subscriberId && (s.ConfirmationSentAt == null || s.ConfirmationSentAt <= since))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ConfirmationSentAt, now), cancellationToken) == 1;
    }

    private void QueueConfirmation(Subscriber subscriber, string? name, string confirmPath, string wanted)
    {
        var site = settings.Title;
        var confirmUrl = urls.ForMail(confirmPath);
        var preferencesUrl = urls.ForMail(links.PreferencesPath(subscriber));
        var unsubscribeUrl = urls.ForMail(links.UnsubscribePath(subscriber));
        var hours = (int)Math.Round(options.Value.ConfirmationLinkLifetime.TotalHours);
        var heading = $"Confirm your subscription to {site}";
        var ask = $"Please confirm that you want {wanted} from {site}.";
        var lifetime = $"The link works once, for {hours} hours. If you did not ask for this, ignore this message: without your confirmation we send you nothing more.";
        var reason = $"You received this message because this address was entered on {site}.";
        var text = $"""
            {heading}

            {ask}

            Confirm your subscription:
            {confirmUrl}

            {lifetime}
            {MailLayout.TextFooter(reason, preferencesUrl, unsubscribeUrl)}
            """;
        var html = MailLayout.Html(
            calendar.Culture.Name, site, heading,
            MailLayout.Paragraph(ask) + MailLayout.Button("Confirm my subscription", confirmUrl) + MailLayout.Paragraph(lifetime),
            MailLayout.Footer(reason, preferencesUrl, unsubscribeUrl));
        outbox.Queue(db, MailKind.Confirmation, subscriber.Email, name, heading, text, html, subscriber.Id, unsubscribeUrl);
    }
}
