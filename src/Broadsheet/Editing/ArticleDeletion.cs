using System.Linq.Expressions;
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
/// may delete any article; Authors and Contributors only their own drafts that were never public (anything that has been live is unpublished
/// instead, so that its address keeps answering honestly). An article that was public leaves its slugs behind as
/// <see cref="RemovedSlug"/>s, so its addresses answer 410 Gone.
/// </summary>
public sealed class ArticleDeletion(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit, WebhookOutbox webhooks, TimeProvider time)
{
    /// <summary>The audit log's action for an article deleted for good.</summary>
    public const string AuditAction = "Deleted article";

    /// <summary>What to tell whoever asked when someone else restored or deleted the article meanwhile.</summary>
    public const string AlreadyGone = "The article has already been restored or deleted: nothing was deleted.";

    public static bool MayDelete(NewsroomMember member, Article article) =>
        member.MayTrash(article, ArticleEditing.Owns(member, article));

    /// <summary>
    /// Deletes the article whatever its status (the Admin API's delete); returns what to tell the member when it is not
    /// theirs to delete or is gone already (null when deleted).
    /// </summary>
    public Task<string?> DeleteAsync(Article article, NewsroomMember member, CancellationToken cancellationToken = default) =>
        DeleteAsync(article, member, fromTrash: false, cancellationToken);

    /// <summary>
    /// Deletes the article for good from the trash: only while it is still there, so that a restore that came first
    /// wins and a second press finds nothing to do.
    /// </summary>
    public Task<string?> DeleteFromTrashAsync(Article article, NewsroomMember member, CancellationToken cancellationToken = default) =>
        DeleteAsync(article, member, fromTrash: true, cancellationToken);

    private async Task<string?> DeleteAsync(Article article, NewsroomMember member, bool fromTrash, CancellationToken cancellationToken)
    {
        if (!MayDelete(member, article))
        {
            return member.TrashRefusal("delete");
        }

        var deleted = fromTrash
            ? await RemoveAsync(article, a => a.Status == ArticleStatus.Trashed, cancellationToken)
            : await RemoveAsync(article, a => true, cancellationToken);
        if (!deleted)
        {
            return AlreadyGone;
        }

        await audit.RecordAsync(AuditAction, article.Headline, cancellationToken);
        return null;
    }

    /// <summary>
    /// Deletes an article that has been in the trash since <paramref name="cutoff"/> or before; the audit log names the
    /// system. False when it is no longer there to delete (restored, or deleted by another node, meanwhile).
    /// </summary>
    public async Task<bool> DeleteExpiredAsync(Article article, DateTime cutoff, CancellationToken cancellationToken = default)
    {
        if (!await RemoveAsync(article, a => a.Status == ArticleStatus.Trashed && a.TrashedAt <= cutoff, cancellationToken))
        {
            return false;
        }

        await audit.RecordAsync(null, AuditAction, article.Headline + " (emptied from the trash)", cancellationToken);
        return true;
    }

    /// <summary>Deletes the article when its row still matches <paramref name="stillDeletable"/>; false (nothing changed) when not.</summary>
    private async Task<bool> RemoveAsync(Article article, Expression<Func<Article, bool>> stillDeletable, CancellationToken cancellationToken)
    {
        // Where it showed, for the eviction after it is gone (exactly as an unpublish evicts).
        var before = await ArticleFootprint.FindAsync(db, article.Id, cancellationToken);
        var id = article.Id;
        int notified;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The article was read before the transaction: claim its row first (a no-op update that locks it), so a
            // restore or another deletion that came in between wins, and one that comes after waits for this one.
            var claimed = await db.Articles.Where(a => a.Id == id).Where(stillDeletable)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, a => a.UpdatedAt), cancellationToken);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.Entry(article).State = EntityState.Detached;
                return false;
            }

            // The article.deleted event is written with the deletion (its payload is read while the article still exists).
            notified = await webhooks.ArticleDeletedAsync(db, article, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await RememberRemovedSlugsAsync(article, cancellationToken);
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
        return true;
    }

    /// <summary>
    /// An article readers could read leaves its addresses (its slug and its old ones) as removed, so they answer
    /// 410 Gone; a draft's never answered anything but 404, and still do.
    /// </summary>
    private async Task RememberRemovedSlugsAsync(Article article, CancellationToken cancellationToken)
    {
        if (!GoneArticles.WasPublic(article))
        {
            return;
        }

        var slugs = await db.RetiredSlugs.Where(r => r.ArticleId == article.Id).Select(r => r.Slug).ToListAsync(cancellationToken);
        slugs.Add(article.Slug);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var slug in slugs.Distinct(StringComparer.Ordinal))
        {
            // A slug already removed (by an earlier article that had it) stays as it is.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"RemovedSlugs\" (\"Slug\", \"RemovedAt\") VALUES ({slug}, {now}) ON CONFLICT DO NOTHING", cancellationToken);
        }
    }
}
