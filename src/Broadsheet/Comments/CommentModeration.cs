using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>What moderators do to comments. Every change that alters what readers see evicts that article's cached pages.</summary>
public sealed class CommentModeration(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit, TimeProvider time, SiteSettingsStore settings, DiscussionMail followUps, Webhooks.WebhookOutbox webhooks)
{
    /// <summary>Moves the comments to <paramref name="status"/>; returns how many changed.</summary>
    public async Task<int> SetStatusAsync(IReadOnlyCollection<int> ids, CommentStatus status, CancellationToken cancellationToken)
    {
        var targets = db.Comments.Where(c => ids.Contains(c.Id) && c.Status != status);
        var articleIds = await targets.Select(c => c.ArticleId).Distinct().ToListAsync(cancellationToken);

        // The status and the followers' mail about a first approval are one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var approved = status == CommentStatus.Approved
            ? await targets.Where(c => c.FollowersNotifiedAt == null).Select(c => c.Id).ToListAsync(cancellationToken)
            : [];
        var becomingVisible = status == CommentStatus.Approved ? await targets.Select(c => c.Id).ToListAsync(cancellationToken) : [];
        // A comment moved to the trash remembers where it was, to go back there on restore; any other move forgets.
        var trashing = status == CommentStatus.Trash;
        var changed = await targets.ExecuteUpdateAsync(
            s => s.SetProperty(c => c.Status, status)
                  .SetProperty(c => c.ModerationReason, c => status == CommentStatus.Approved ? null : c.ModerationReason)
                  .SetProperty(c => c.StatusBeforeTrash, c => trashing ? (CommentStatus?)c.Status : null)
                  .SetProperty(c => c.TrashedWithArticle, false),
            cancellationToken);
        var mailed = approved.Count > 0 ? await followUps.QueueAsync(approved, cancellationToken) : 0;
        var hooked = await webhooks.CommentsApprovedAsync(db, becomingVisible, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (mailed > 0)
        {
            followUps.Wake();
        }

        if (hooked > 0)
        {
            webhooks.Wake();
        }

        await EvictAsync(articleIds, cancellationToken);
        if (changed > 0)
        {
            await audit.RecordAsync($"Comments: {Verb(status)}", $"{changed} comment{(changed == 1 ? "" : "s")} ({string.Join(", ", ids.Take(20))})", cancellationToken);
        }

        return changed;
    }

    /// <summary>
    /// Takes comments out of the trash, each back to the status it had before it went there (Pending when that is not
    /// known: trashed before the status was kept); returns how many changed.
    /// </summary>
    public async Task<int> RestoreAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var targets = db.Comments.Where(c => ids.Contains(c.Id) && c.Status == CommentStatus.Trash);
        var articleIds = await targets.Select(c => c.ArticleId).Distinct().ToListAsync(cancellationToken);
        var changed = await targets.ExecuteUpdateAsync(
            s => s.SetProperty(c => c.Status, c => c.StatusBeforeTrash ?? CommentStatus.Pending)
                  .SetProperty(c => c.StatusBeforeTrash, (CommentStatus?)null)
                  .SetProperty(c => c.TrashedWithArticle, false),
            cancellationToken);
        await EvictAsync(articleIds, cancellationToken);
        if (changed > 0)
        {
            await audit.RecordAsync("Comments: restored from trash", $"{changed} comment{(changed == 1 ? "" : "s")} ({string.Join(", ", ids.Take(20))})", cancellationToken);
        }

        return changed;
    }

    public async Task<bool> EditAsync(int id, string body, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.FindAsync([id], cancellationToken);
        if (comment is null)
        {
            return false;
        }

        comment.Body = body.Trim();
        comment.EditedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await eviction.CommentsChangedAsync(comment.ArticleId, cancellationToken);
        await audit.RecordAsync("Edited a comment", $"#{id} by {comment.AuthorName}", cancellationToken);
        return true;
    }

    /// <summary>A reply from the newsroom: approved at once and shown with a staff badge.</summary>
    public async Task<Comment?> ReplyAsStaffAsync(int parentId, string body, NewsroomMember member, string email, CancellationToken cancellationToken)
    {
        var parent = await db.Comments.AsNoTracking().Where(c => c.Id == parentId).Select(c => new { c.ArticleId }).FirstOrDefaultAsync(cancellationToken);
        if (parent is null)
        {
            return null;
        }

        // The approvals, the reply and the followers' mail about them are one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Replying to a held comment approves it, as it does in WordPress: the reply would otherwise answer nothing visible.
        var parentApproved = await db.Comments.Where(c => c.Id == parentId && c.Status == CommentStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Approved).SetProperty(c => c.ModerationReason, (string?)null), cancellationToken);

        // As deep as the site's threads go, like a reader's reply.
        var target = await ReplyTargets.FindAsync(db, parent.ArticleId, parentId, settings.Discussion.ThreadDepth, cancellationToken);
        var reply = new Comment
        {
            ArticleId = parent.ArticleId,
            ParentId = target is -1 ? parentId : target,
            AuthorName = member.Name,
            AuthorEmail = email,
            Body = body.Trim(),
            Status = CommentStatus.Approved,
            IsStaff = true,
            StaffUserId = member.UserId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Comments.Add(reply);
        await db.SaveChangesAsync(cancellationToken);
        var mailed = await followUps.QueueAsync(parentApproved > 0 ? [parentId, reply.Id] : [reply.Id], cancellationToken);
        await webhooks.CommentsApprovedAsync(db, parentApproved > 0 ? [parentId, reply.Id] : [reply.Id], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        webhooks.Wake();
        if (mailed > 0)
        {
            followUps.Wake();
        }

        await eviction.CommentsChangedAsync(parent.ArticleId, cancellationToken);
        await audit.RecordAsync("Replied to a comment as staff", $"#{parentId}", cancellationToken);
        return reply;
    }

    /// <summary>Deletes every comment marked as spam for good; replies to them move up to the top level.</summary>
    public async Task<int> EmptySpamAsync(CancellationToken cancellationToken)
    {
        var spam = db.Comments.Where(c => c.Status == CommentStatus.Spam);
        var articleIds = await db.Comments.Where(c => c.Parent != null && c.Parent.Status == CommentStatus.Spam)
            .Select(c => c.ArticleId).Distinct().ToListAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Comments.Where(c => c.Parent != null && c.Parent.Status == CommentStatus.Spam)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, (int?)null), cancellationToken);
        await db.CommentReports.Where(r => r.Comment.Status == CommentStatus.Spam).ExecuteDeleteAsync(cancellationToken);
        var deleted = await spam.ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await EvictAsync(articleIds, cancellationToken);
        if (deleted > 0)
        {
            await audit.RecordAsync("Emptied spam", $"{deleted} comment{(deleted == 1 ? "" : "s")}", cancellationToken);
        }

        return deleted;
    }

    /// <summary>Clears the reports on comments a moderator has looked at and kept.</summary>
    public async Task DismissReportsAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        await db.CommentReports.Where(r => ids.Contains(r.CommentId)).ExecuteDeleteAsync(cancellationToken);
        await db.Comments.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReportCount, 0), cancellationToken);
    }

    public static string Verb(CommentStatus status) => status switch
    {
        CommentStatus.Approved => "approved",
        CommentStatus.Spam => "marked as spam",
        CommentStatus.Trash => "moved to trash",
        _ => "returned to pending",
    };

    private async Task EvictAsync(IEnumerable<int> articleIds, CancellationToken cancellationToken)
    {
        foreach (var articleId in articleIds)
        {
            await eviction.CommentsChangedAsync(articleId, cancellationToken);
        }
    }
}
