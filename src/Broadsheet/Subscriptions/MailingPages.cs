using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Mail;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Subscriptions;

/// <summary>A subscriber in a page of a mailing: the address, the key of their signed links and, for digests, their sections.</summary>
public sealed record PageSubscriber(int Id, string Email, string LinkKey, List<int>? Sections);

/// <summary>One mailing's recipients, read a page at a time in id order, and what each of them gets.</summary>
internal interface IMailingPages
{
    MailKind Kind { get; }

    Task<List<PageSubscriber>> NextAsync(BroadsheetDb db, int afterId, CancellationToken cancellationToken);

    /// <summary>What each of a page's subscribers gets, rendered but for their own links; a subscriber with nothing to read is left out.</summary>
    IEnumerable<(PageSubscriber Recipient, MailTemplate Template, string Reason)> Choose(List<PageSubscriber> page);
}

/// <summary>An alert: the confirmed, not paused "as published" subscribers of the article's section, all getting the same article.</summary>
internal sealed class AlertPages(MailTemplate template, int sectionId, string reason, int pageSize) : IMailingPages
{
    public MailKind Kind => MailKind.Alert;

    /// <summary>Null when the article is no longer published: an alert for a withdrawn article is not sent.</summary>
    public static async Task<AlertPages?> CreateAsync(BroadsheetDb db, MailingContent content, MailJob job, int pageSize, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking()
            .Where(a => a.Id == job.ArticleId && a.Status == ArticleStatus.Published)
            .Select(MailingContent.Projection).FirstOrDefaultAsync(cancellationToken);
        return article is null ? null : new AlertPages(content.Alert(article), article.SectionId, content.Reason(MailJobKind.Alert), pageSize);
    }

    public Task<List<PageSubscriber>> NextAsync(BroadsheetDb db, int afterId, CancellationToken cancellationToken) =>
        db.Subscribers.AsNoTracking()
            .Where(s => s.Id > afterId && s.Status == SubscriberStatus.Confirmed && !s.Paused && s.Frequency == Frequency.AsPublished
                && s.Sections.Any(x => x.SectionId == sectionId))
            .OrderBy(s => s.Id).Take(pageSize)
            .Select(s => new PageSubscriber(s.Id, s.Email, s.LinkKey, null))
            .ToListAsync(cancellationToken);

    public IEnumerable<(PageSubscriber, MailTemplate, string)> Choose(List<PageSubscriber> page) => page.Select(s => (s, template, reason));
}

/// <summary>A digest: each confirmed, not paused subscriber of its frequency gets the period's articles of their sections, or nothing.</summary>
internal sealed class DigestPages(MailingContent content, MailJobKind kind, DateTime periodEnd, List<MailArticle> articles, int pageSize) : IMailingPages
{
    /// <summary>Subscribers who chose the same sections get the same digest: rendered once, keyed by the sections.</summary>
    private readonly Dictionary<string, MailTemplate?> templates = [];
    private readonly string reason = content.Reason(kind);
    private readonly Frequency frequency = kind == MailJobKind.WeeklyDigest ? Frequency.Weekly : Frequency.Daily;

    public MailKind Kind => MailKind.Digest;

    /// <summary>Null when the period has no articles at all: nobody gets anything.</summary>
    public static async Task<DigestPages?> CreateAsync(BroadsheetDb db, MailingContent content, MailJob job, int pageSize, DateTime utcNow, CancellationToken cancellationToken)
    {
        // A scheduled article whose time fell inside the period counts even if the publication watcher has
        // not marked it yet: it is live by now.
        var articles = await db.Articles.AsNoTracking()
            .Where(a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled)
                && a.PublishedAt >= job.PeriodStart && a.PublishedAt < job.PeriodEnd && a.PublishedAt <= utcNow)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(5000)
            .Select(MailingContent.Projection)
            .ToListAsync(cancellationToken);
        return articles.Count == 0 ? null : new DigestPages(content, job.Kind, job.PeriodEnd, articles, pageSize);
    }

    public Task<List<PageSubscriber>> NextAsync(BroadsheetDb db, int afterId, CancellationToken cancellationToken) =>
        db.Subscribers.AsNoTracking()
            .Where(s => s.Id > afterId && s.Status == SubscriberStatus.Confirmed && !s.Paused && s.Frequency == frequency)
            .OrderBy(s => s.Id).Take(pageSize)
            .Select(s => new PageSubscriber(s.Id, s.Email, s.LinkKey, s.Sections.Select(x => x.SectionId).ToList()))
            .ToListAsync(cancellationToken);

    public IEnumerable<(PageSubscriber, MailTemplate, string)> Choose(List<PageSubscriber> page)
    {
        foreach (var subscriber in page)
        {
            var sections = (subscriber.Sections ?? []).Order().ToList();
            var key = string.Join(',', sections);
            if (!templates.TryGetValue(key, out var template))
            {
                var theirs = articles.Where(a => sections.Contains(a.SectionId)).ToList();
                template = theirs.Count == 0 ? null
                    : content.Digest(kind, periodEnd, theirs.Take(MailingWorker.DigestLimit).ToList(), Math.Max(0, theirs.Count - MailingWorker.DigestLimit));
                templates[key] = template;
            }

            if (template is not null)
            {
                yield return (subscriber, template, reason);
            }
        }
    }
}
