using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Editing;

/// <summary>
/// Moves articles to the newsroom's trash and back. An article in the trash is off the site (its address answers 410),
/// keeps its revisions and corrections, and takes its comments with it; restored, it and each comment come back to the
/// status they had. Who may: <see cref="ArticleRules.MayTrash"/>.
/// </summary>
public sealed class ArticleTrash(BroadsheetDb db, PageCacheEviction eviction, AuditLog audit, WebhookOutbox webhooks, TimeProvider time)
{
    /// <summary>Moves the article to the trash; returns what to tell the member when it is not theirs to (null when done).</summary>
    public async Task<string?> MoveToTrashAsync(Article article, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        if (article.Status == ArticleStatus.Trashed)
        {
            return "The article is already in the trash.";
        }

        if (!member.MayTrash(article, ArticleEditing.Owns(member, article)))
        {
            return member.TrashRefusal("move to the trash");
        }

        // Where it showed, for the eviction (exactly as an unpublish evicts).
        var before = await ArticleFootprint.FindAsync(db, article.Id, cancellationToken);
        var wasPublished = article.Status == ArticleStatus.Published;
        int hooked;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            article.StatusBeforeTrash = article.Status;
            article.Status = ArticleStatus.Trashed;
            article.TrashedAt = time.GetUtcNow().UtcDateTime;
            // Its comments go with it, each remembering its status; those already in the trash stay there on their own.
            await db.Comments.Where(c => c.ArticleId == article.Id && c.Status != CommentStatus.Trash)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.StatusBeforeTrash, c => c.Status)
                    .SetProperty(c => c.Status, CommentStatus.Trash)
                    .SetProperty(c => c.TrashedWithArticle, true), cancellationToken);
            // A live article leaving the site tells the webhooks what an unpublish tells them.
            hooked = await webhooks.ArticleSavedAsync(db, article, wasPublished, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (hooked > 0)
        {
            webhooks.Wake();
        }

        await eviction.ArticleChangedAsync(article.Id, before, cancellationToken);
        await audit.RecordAsync("Moved article to trash", article.Headline, cancellationToken);
        return null;
    }

    /// <summary>
    /// Puts the article back as it was before the trash, with the comments that went with it; returns what to tell the
    /// member when it is not theirs to (null when done). <paramref name="note"/> says how it came back when that is not
    /// simply as it was: a scheduled article whose time passed in the trash comes back as a draft, never live unasked.
    /// </summary>
    public async Task<(string? Refusal, string? Note)> RestoreAsync(Article article, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        if (article.Status != ArticleStatus.Trashed)
        {
            return ("The article is not in the trash.", null);
        }

        if (!member.MayTrash(article, ArticleEditing.Owns(member, article)))
        {
            return (member.TrashRefusal("restore"), null);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var status = article.StatusOutsideTrash();
        string? note = null;
        if (status == ArticleStatus.Scheduled && article.PublishedAt <= now)
        {
            status = ArticleStatus.Draft;
            note = "Its publication time passed while it was in the trash: it is back as a draft. Publish or schedule it again.";
        }

        int hooked;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            article.Status = status;
            article.StatusBeforeTrash = null;
            article.TrashedAt = null;
            await db.Comments.Where(c => c.ArticleId == article.Id && c.TrashedWithArticle)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, c => c.StatusBeforeTrash ?? CommentStatus.Pending)
                    .SetProperty(c => c.StatusBeforeTrash, (CommentStatus?)null)
                    .SetProperty(c => c.TrashedWithArticle, false), cancellationToken);
            // Back on the site: the webhooks hear it published again.
            hooked = await webhooks.ArticleSavedAsync(db, article, wasPublished: false, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (hooked > 0)
        {
            webhooks.Wake();
        }

        await eviction.ArticleChangedAsync(article.Id, null, cancellationToken);
        await audit.RecordAsync("Restored article from trash", article.Headline, cancellationToken);
        return (null, note);
    }
}
