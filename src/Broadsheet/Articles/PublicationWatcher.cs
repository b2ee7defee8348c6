using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Nodes;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// Scheduled articles go live at their time with no request or edit to mark the moment: this watcher
/// marks them published and evicts the cached pages that should now show them, so they appear on the
/// home page, lists and feeds at once. It also picks up site settings and menus saved on another node.
/// </summary>
/// <remarks>
/// Of several nodes only one publishes each article (the update is conditional on its status) and records it in
/// the audit log. When the nodes share the output cache (Redis) only that node evicts, once for all; without
/// Redis each node has a cache of its own and evicts it.
/// </remarks>
public sealed class PublicationWatcher(
    IServiceScopeFactory scopes, TimeProvider time, MailingSignal mailings, IConfiguration configuration, MigrationState schema,
    ILogger<PublicationWatcher> logger) : BackgroundService
{
    /// <summary>The audit log's action for an article the watcher published at its scheduled time.</summary>
    public const string AuditAction = "Published scheduled article";

    private readonly bool sharedCache = configuration.UsesRedis();

    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitUntilUpToDateAsync(stoppingToken);
        var since = time.GetUtcNow().UtcDateTime;
        while (true)
        {
            // A fresh delay each pass, not a periodic timer: after a long pause (a suspended machine, or a test's clock
            // moved on by a month) the watcher checks once, instead of once for every interval it missed.
            await Task.Delay(Interval, time, stoppingToken);
            var now = time.GetUtcNow().UtcDateTime;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
                var eviction = scope.ServiceProvider.GetRequiredService<PageCacheEviction>();
                // Each article in its own transaction with its alert and its audit entry.
                var scheduled = await db.Articles.AsNoTracking()
                    .Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now)
                    .Select(a => a.Id).ToListAsync(stoppingToken);
                var published = new List<int>();
                foreach (var id in scheduled)
                {
                    if (await PublishAsync(scope.ServiceProvider, db, id, now, stoppingToken))
                    {
                        published.Add(id);
                    }
                }

                if (published.Count > 0 && logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Published {Count} scheduled article(s).", published.Count);
                }

                var due = sharedCache
                    ? published
                    : await db.Articles.AsNoTracking()
                        .Where(a => a.Status == ArticleStatus.Published
                            && ((a.PublishedAt > since && a.PublishedAt <= now) || scheduled.Contains(a.Id)))
                        .Select(a => a.Id)
                        .ToListAsync(stoppingToken);
                if (due.Count > 0 && logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Evicting the cached pages of {Count} newly published article(s).", due.Count);
                }

                foreach (var id in due)
                {
                    await eviction.ArticleChangedAsync(id, null, stoppingToken);
                }

                since = now;
                // Settings and menus saved on another node (or by a command) when Redis did not say so at once.
                var settingsChanged = await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().RefreshAsync(db, stoppingToken);
                var menusChanged = await scope.ServiceProvider.GetRequiredService<MenuChanges>().RefreshAsync(db, stoppingToken);
                if (settingsChanged || menusChanged)
                {
                    await eviction.SiteChangedAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick tries the same window again; a reader sees the article a little later.
                logger.LogWarning(exception, "Could not check for articles whose publication time has come.");
            }
        }
    }

    /// <summary>
    /// Makes one scheduled article public, with its subscribers' alert, its webhooks and its audit entry, in one
    /// transaction. Conditional on the status, so of two nodes only one publishes it (and queues the alert and
    /// records it). Returns whether this node did.
    /// </summary>
    private async Task<bool> PublishAsync(IServiceProvider services, BroadsheetDb db, int id, DateTime now, CancellationToken cancellationToken)
    {
        var webhooks = services.GetRequiredService<Webhooks.WebhookOutbox>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var won = await db.Articles.Where(a => a.Id == id && a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ArticleStatus.Published), cancellationToken);
        if (won == 0)
        {
            return false;
        }

        var article = await db.Articles.FirstAsync(a => a.Id == id, cancellationToken);
        var alerted = ArticleAlerts.QueueOnFirstPublication(db, article, now);
        var hooked = await webhooks.ArticlePublishedAsync(db, article, cancellationToken);
        // The audit log shares the scope's context, so its entry is saved in this transaction.
        await services.GetRequiredService<AuditLog>().RecordAsync(null, AuditAction, article.Headline, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (alerted)
        {
            mailings.Wake();
        }

        if (hooked > 0)
        {
            webhooks.Wake();
        }

        return true;
    }
}
