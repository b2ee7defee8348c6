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
/// instead, so that its address keeps answering honestly). An article that was public leaves its slugs behind as
/// <see cref="RemovedSlug"/>s, so its addresses answer 410 Gone.
/// </summary>
public sealed class ArticleDeletion(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit, WebhookOutbox webhooks, TimeProvider time)
{
    /// <summary>The audit log's action for an article deleted for good.</summary>
    public const string AuditAction = "Deleted article";

    public static bool MayDelete(NewsroomMember member, Article article) =>
        member.MayTrash(article.StatusOutsideTrash(), ArticleEditing.Owns(member, article));

    /// <summary>Deletes the article; returns what to tell the member when it is not theirs to delete (null when deleted).</summary>
    public async Task<string?> DeleteAsync(Article article, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        if (!MayDelete(member, article))
        {
            return member.TrashRefusal("delete");
        }

        await RemoveAsync(article, cancellationToken);
        await audit.RecordAsync(AuditAction, article.Headline, cancellationToken);
        return null;
    }

    /// <summary>Deletes an article that has been in the trash for longer than the site keeps it; the audit log names the system.</summary>
    public async Task DeleteExpiredAsync(Article article, CancellationToken cancellationToken = default)
    {
        await RemoveAsync(article, cancellationToken);
        await audit.RecordAsync(null, AuditAction, article.Headline + " (emptied from the trash)", cancellationToken);
    }

    private async Task RemoveAsync(Article article, CancellationToken cancellationToken)
    {
        // Where it showed, for the eviction after it is gone (exactly as an unpublish evicts).
        var before = await ArticleFootprint.FindAsync(db, article.Id, cancellationToken);
        var id = article.Id;
        int notified;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The article.deleted event is written with the deletion (its payload is read while the article still exists).
            notified = await webhooks.ArticleDeletedAsync(db, article, cancellationToken);
            await RememberRemovedSlugsAsync(article, cancellationToken);
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
        var known = await db.RemovedSlugs.Where(r => slugs.Contains(r.Slug)).Select(r => r.Slug).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        db.RemovedSlugs.AddRange(slugs.Except(known).Select(slug => new RemovedSlug { Slug = slug, RemovedAt = now }));
    }
}
