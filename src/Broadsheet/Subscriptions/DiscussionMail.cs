using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Mail;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Mail to the readers who follow a discussion, when a comment is approved for the first time: everyone who
/// follows all of the article's comments, and the reader whose comment it answers. Never to the comment's own
/// author, never to an unconfirmed or paused address, at most one message per reader per comment.
/// </summary>
public sealed class DiscussionMail(BroadsheetDb db, Outbox outbox, MailingContent content, TimeProvider time)
{
    /// <summary>
    /// Queues the follow-ups for those of <paramref name="commentIds"/> that are approved and have not been
    /// announced yet, and marks them announced. Call inside the transaction that approves them (it saves the
    /// context); call <see cref="Wake"/> after the commit. Returns how many messages it queued.
    /// </summary>
    public async Task<int> QueueAsync(IReadOnlyCollection<int> commentIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var comments = await db.Comments.AsNoTracking()
            .Where(c => commentIds.Contains(c.Id) && c.Status == CommentStatus.Approved && c.FollowersNotifiedAt == null)
            .Select(c => new Announced(c.Id, c.ArticleId, c.ParentId, c.AuthorName, c.AuthorEmail, c.Body))
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var comment in comments)
        {
            // Conditional, so two moderators approving the same comment at once announce it once.
            var claimed = await db.Comments.Where(c => c.Id == comment.Id && c.FollowersNotifiedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FollowersNotifiedAt, now), cancellationToken);
            if (claimed > 0)
            {
                queued += await QueueFollowUpsAsync(comment, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    /// <summary>
    /// As <see cref="QueueAsync"/> for a comment approved as it was posted, saved in this transaction with its
    /// <see cref="Comment.FollowersNotifiedAt"/> already set: nobody else can have seen it, so there is nothing to
    /// claim or read back, only its followers to look up (one query when it has none, as most comments).
    /// </summary>
    public async Task<int> QueueNewAsync(Comment comment, CancellationToken cancellationToken)
    {
        var queued = await QueueFollowUpsAsync(
            new Announced(comment.Id, comment.ArticleId, comment.ParentId, comment.AuthorName, comment.AuthorEmail, comment.Body), cancellationToken);
        if (queued > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return queued;
    }

    private async Task<int> QueueFollowUpsAsync(Announced comment, CancellationToken cancellationToken)
    {
        var author = comment.AuthorEmail.Trim().ToUpperInvariant();
        var followers = new List<Follower>();
        await foreach (var follower in Followers.For(db)(db, comment.ArticleId, comment.ParentId, author).WithCancellation(cancellationToken))
        {
            followers.Add(follower);
        }

        if (followers.Count == 0)
        {
            return 0;
        }

        var article = await db.Articles.AsNoTracking()
            .Where(a => a.Id == comment.ArticleId && a.Status == ArticleStatus.Published)
            .Select(MailingContent.Projection).FirstOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return 0;
        }

        var queued = 0;
        var templates = new Dictionary<bool, MailTemplate>();
        foreach (var follower in followers.GroupBy(f => f.SubscriberId))
        {
            // A reader who follows both ways hears about a reply to their comment as a reply.
            var isReply = follower.Any(f => f.Kind == FollowKind.RepliesToComment);
            if (!templates.TryGetValue(isReply, out var template))
            {
                template = content.FollowUp(article, comment.Id, comment.AuthorName, comment.Body, isReply);
                templates[isReply] = template;
            }

            var first = follower.First();
            var mail = content.For(template, new Recipient(first.SubscriberId, first.Email, first.LinkKey), content.FollowReason(isReply));
            outbox.Queue(db, MailKind.FollowUp, first.Email, null, mail.Subject, mail.Text, mail.Html, first.SubscriberId, mail.UnsubscribeUrl);
            queued++;
        }

        return queued;
    }

    /// <summary>Starts the sender on the queued follow-ups; after the commit.</summary>
    public void Wake() => outbox.Wake();

    private sealed record Follower(FollowKind Kind, int SubscriberId, string Email, string LinkKey);

    /// <summary>Who hears of a comment on an article (replying to a comment, or not): asked on every approved post.</summary>
    private static readonly CompiledPerModel<Func<BroadsheetDb, int, int?, string, IAsyncEnumerable<Follower>>> Followers = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, int articleId, int? parentId, string author) =>
            db.DiscussionFollows.AsNoTracking()
                .Where(f => f.ArticleId == articleId
                    && (f.Kind == FollowKind.AllComments || (f.Kind == FollowKind.RepliesToComment && parentId != null && f.CommentId == parentId))
                    && f.Subscriber.Status == SubscriberStatus.Confirmed && !f.Subscriber.Paused && f.Subscriber.NormalizedEmail != author)
                .Select(f => new Follower(f.Kind, f.SubscriberId, f.Subscriber.Email, f.Subscriber.LinkKey))));

    private sealed record Announced(int Id, int ArticleId, int? ParentId, string AuthorName, string AuthorEmail, string Body);
}
