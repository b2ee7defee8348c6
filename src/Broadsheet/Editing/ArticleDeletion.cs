using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Editing;

/// <summary>
/// Deletes an article for good, with its revisions, corrections, comments and retired slugs. Editors and Administrators
/// may delete any article; Authors and Contributors only their own drafts (anything that has been live is unpublished
/// instead, so that its address keeps answering honestly).
/// </summary>
public sealed class ArticleDeletion(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit, WebhookOutbox webhooks)
{
    public static bool MayDelete(NewsroomMember member, Article article) =>
        member.IsEditor || (NewsroomRoles.Writes(member.Role) && article.Status == ArticleStatus.Draft && ArticleEditing.Owns(member, article));

    /// <summary>Deletes the article; returns what to tell the member when it is not theirs to delete (null when deleted).</summary>
    public async Task<string?> DeleteAsync(Article article, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        if (!MayDelete(member, article))
        {
            return member.IsEditor || !NewsroomRoles.Writes(member.Role)
                ? "You cannot delete this article."
                : "You can delete only your own drafts. Ask an editor to take a published article down.";
        }

        // Where it showed, for the eviction after it is gone (exactly as an unpublish evicts).
        var before = await ArticleFootprint.FindAsync(db, article.Id, cancellationToken);
        var id = article.Id;
        var headline = article.Headline;
        int notified;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The article.deleted event is written with the deletion (its payload is read while the article still exists).
            notified = await webhooks.ArticleDeletedAsync(db, article, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            // Replies point at their parents with a restricting key: untie the threads before the comments go.
            await db.Comments.Where(c => c.ArticleId == id && c.ParentId != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, (int?)null), cancellationToken);
            await db.CommentReports.Where(r => r.Comment.ArticleId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Comments.Where(c => c.ArticleId == id).ExecuteDeleteAsync(cancellationToken);
            await db.ArticleRevisions.Where(r => r.ArticleId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Corrections.Where(c => c.ArticleId == id).ExecuteDeleteAsync(cancellationToken);
            await db.ArticleAutosaves.Where(a => a.ArticleId == id).ExecuteDeleteAsync(cancellationToken);
            await db.RetiredSlugs.Where(r => r.ArticleId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.Entry(article).State = EntityState.Detached;
        if (notified > 0)
        {
            webhooks.Wake();
        }

        await eviction.ArticleChangedAsync(id, before, cancellationToken);
        await audit.RecordAsync("Deleted article", headline, cancellationToken);
        return null;
    }
}
