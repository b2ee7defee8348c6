using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Webhooks;

/// <summary>
/// Writes webhook deliveries in the transaction of the event that causes them: one row per enabled endpoint that
/// subscribed to the event, added to the caller's <see cref="BroadsheetDb"/> and saved with the caller's next save,
/// so a failed save leaves no delivery and a committed event always has one. The payload is fixed now, as the
/// event happened. Call <see cref="Wake"/> after the commit so the sender starts at once.
/// </summary>
public sealed class WebhookOutbox(SiteUrls urls, SiteCalendar calendar, TimeProvider time, WebhookSignal signal)
{
    /// <summary>
    /// After an editor's save (the article saved, so it has an id): published when it has just gone live, updated
    /// when it was live and still is, unpublished when it was live and is not any more. Returns the rows added.
    /// </summary>
    public Task<int> ArticleSavedAsync(BroadsheetDb db, Article article, bool wasPublished, CancellationToken cancellationToken = default) =>
        (wasPublished, article.Status == ArticleStatus.Published) switch
        {
            (false, true) => ArticleAsync(db, article, WebhookEvents.ArticlePublished, cancellationToken),
            (true, true) => ArticleAsync(db, article, WebhookEvents.ArticleUpdated, cancellationToken),
            (true, false) => ArticleAsync(db, article, WebhookEvents.ArticleUnpublished, cancellationToken),
            _ => Task.FromResult(0),
        };

    /// <summary>A scheduled article that has just gone live.</summary>
    public Task<int> ArticlePublishedAsync(BroadsheetDb db, Article article, CancellationToken cancellationToken = default) =>
        ArticleAsync(db, article, WebhookEvents.ArticlePublished, cancellationToken);

    /// <summary>Call before the article's row is deleted (its section, tags and bylines are read for the payload), in the same transaction.</summary>
    public Task<int> ArticleDeletedAsync(BroadsheetDb db, Article article, CancellationToken cancellationToken = default) =>
        ArticleAsync(db, article, WebhookEvents.ArticleDeleted, cancellationToken);

    /// <summary>
    /// Comments that have just become visible (approved by a moderator, or approved at once when posted). Unlike the
    /// other methods it saves, because moderation changes comments with set-based updates and has nothing left to
    /// save: call it inside the caller's transaction, before the commit.
    /// </summary>
    public async Task<int> CommentsApprovedAsync(BroadsheetDb db, IReadOnlyCollection<int> commentIds, CancellationToken cancellationToken = default)
    {
        if (commentIds.Count == 0)
        {
            return 0;
        }

        var endpoints = await EndpointsAsync(db, WebhookEvents.CommentApproved, cancellationToken);
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var comments = await db.Comments.AsNoTracking().Where(c => commentIds.Contains(c.Id) && c.Status == CommentStatus.Approved)
            .Select(c => new { c.Id, c.ArticleId, c.Article.Headline, c.Article.Slug, c.Article.PublishedAt, Live = c.Article.Status == ArticleStatus.Published, c.AuthorName, c.Body, c.CreatedAt, c.IsStaff, c.ParentId })
            .ToListAsync(cancellationToken);
        var added = 0;
        foreach (var c in comments)
        {
            var url = c.Live && c.PublishedAt is not null ? urls.ForMail(CommentPermalinks.Route(c.Id)) : null;
            var data = new CommentData(c.Id, c.ArticleId, c.Headline, url, c.AuthorName, c.Body, Utc(c.CreatedAt), c.IsStaff, c.ParentId);
            var json = JsonSerializer.Serialize(new CommentMessage(WebhookEventTypes.CommentApproved, Now, data), WebhookJson.Default.CommentMessage);
            added += Add(db, endpoints, WebhookEventTypes.CommentApproved, json);
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>A subscriber who has just confirmed their address (the caller saves).</summary>
    public async Task<int> SubscriberConfirmedAsync(BroadsheetDb db, Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        var endpoints = await EndpointsAsync(db, WebhookEvents.SubscriberConfirmed, cancellationToken);
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var data = new SubscriberData(subscriber.Id, subscriber.Email, subscriber.Frequency.ToString(), subscriber.ConsentedAt is { } at ? Utc(at) : null);
        var json = JsonSerializer.Serialize(new SubscriberMessage(WebhookEventTypes.SubscriberConfirmed, Now, data), WebhookJson.Default.SubscriberMessage);
        return Add(db, endpoints, WebhookEventTypes.SubscriberConfirmed, json);
    }

    /// <summary>A test event for one endpoint, whatever it subscribed to (the caller saves).</summary>
    public WebhookDelivery Test(BroadsheetDb db, WebhookEndpoint endpoint)
    {
        var json = JsonSerializer.Serialize(new TestMessage(WebhookEventTypes.Test, Now, new TestData("A test event from the newsroom.", endpoint.Id)), WebhookJson.Default.TestMessage);
        var delivery = NewDelivery(endpoint.Id, WebhookEventTypes.Test, json);
        db.WebhookDeliveries.Add(delivery);
        return delivery;
    }

    /// <summary>Tells this node's sender that committed deliveries are waiting.</summary>
    public void Wake() => signal.Wake();

    private async Task<int> ArticleAsync(BroadsheetDb db, Article article, WebhookEvents kind, CancellationToken cancellationToken)
    {
        var endpoints = await EndpointsAsync(db, kind, cancellationToken);
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var type = WebhookEventTypes.All.First(e => e.Flag == kind).Type;
        var section = await db.Sections.AsNoTracking().Where(s => s.Id == article.SectionId).Select(s => new WebhookSection(s.Name, s.Slug)).FirstOrDefaultAsync(cancellationToken)
            ?? new WebhookSection("", "");
        var tags = await db.Articles.AsNoTracking().Where(a => a.Id == article.Id).SelectMany(a => a.Tags).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
        var authors = await db.Set<Byline>().AsNoTracking().Where(b => b.ArticleId == article.Id).OrderBy(b => b.Position).Select(b => b.Author.Name).ToListAsync(cancellationToken);

        // Only a live article has a public address; an unpublished or deleted one says where it was.
        var url = article.PublishedAt is { } publishedAt && (article.Status == ArticleStatus.Published || kind is WebhookEvents.ArticleUnpublished or WebhookEvents.ArticleDeleted)
            ? urls.ForMail(calendar.ArticlePath(publishedAt, article.Slug))
            : null;
        var data = new ArticleData(article.Id, article.Headline, article.Slug, article.Standfirst,
            kind == WebhookEvents.ArticleDeleted ? "deleted" : article.Status.ToString().ToLowerInvariant(), url,
            article.PublishedAt is { } at ? Utc(at) : null, Utc(article.UpdatedAt), section, tags, authors);
        var json = JsonSerializer.Serialize(new ArticleMessage(type, Now, data), WebhookJson.Default.ArticleMessage);
        return Add(db, endpoints, type, json);
    }

    /// <summary>Asked on every approved comment (and most sites have no endpoint), so compiled once.</summary>
    private static readonly CompiledPerModel<Func<BroadsheetDb, WebhookEvents, IAsyncEnumerable<int>>> Subscribed = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, WebhookEvents kind) =>
            db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled && (e.Events & kind) == kind).OrderBy(e => e.Id).Select(e => e.Id)));

    private static async Task<List<int>> EndpointsAsync(BroadsheetDb db, WebhookEvents kind, CancellationToken cancellationToken)
    {
        var endpoints = new List<int>();
        await foreach (var id in Subscribed.For(db)(db, kind).WithCancellation(cancellationToken))
        {
            endpoints.Add(id);
        }

        return endpoints;
    }

    private int Add(BroadsheetDb db, List<int> endpoints, string type, string json)
    {
        foreach (var endpoint in endpoints)
        {
            db.WebhookDeliveries.Add(NewDelivery(endpoint, type, json));
        }

        return endpoints.Count;
    }

    private WebhookDelivery NewDelivery(int endpointId, string type, string json) => new()
    {
        EndpointId = endpointId,
        MessageId = WebhookSignature.NewMessageId(),
        EventType = type,
        Payload = json,
        Status = WebhookDeliveryStatus.Pending,
        CreatedAt = Now,
        NextAttemptAt = Now,
    };

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>Wakes the webhook sender when deliveries have been committed on this node (other nodes' are found by polling).</summary>
public sealed class WebhookSignal : WakeSignal;
