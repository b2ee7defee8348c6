using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Mail;

namespace Broadsheet.Subscriptions;

/// <summary>
/// The alert a newly published article sends its section's subscribers. It is queued as a <see cref="MailJob"/>
/// in the transaction that makes the article public, so a publication without its alert (or an alert for an
/// article that never went live) cannot happen; <see cref="MailingWorker"/> turns the job into messages.
/// </summary>
public static class ArticleAlerts
{
    /// <summary>
    /// Call with the article tracked by <paramref name="db"/>, in the transaction that first makes it Published,
    /// after it has an id; the caller saves. Returns whether an alert was queued. An article published with
    /// "Email subscribers" off is marked too, so switching the box on later never sends a late alert.
    /// </summary>
    public static bool QueueOnFirstPublication(BroadsheetDb db, Article article, DateTime utcNow)
    {
        if (article.Status != ArticleStatus.Published || article.AlertQueuedAt is not null)
        {
            return false;
        }

        article.AlertQueuedAt = utcNow;
        if (!article.EmailSubscribers)
        {
            return false;
        }

        var published = article.PublishedAt ?? utcNow;
        db.MailJobs.Add(new MailJob
        {
            Kind = MailJobKind.Alert,
            ArticleId = article.Id,
            PeriodStart = published,
            PeriodEnd = published,
            CreatedAt = utcNow,
        });
        return true;
    }
}
