using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// Scheduled articles go live at their time with no request or edit to mark the moment: this watcher
/// marks them published and evicts the cached pages that should now show them, so they appear on the
/// home page, lists and feeds at once. It also picks up site settings saved on another node.
/// </summary>
public sealed class PublicationWatcher(IServiceScopeFactory scopes, TimeProvider time, ILogger<PublicationWatcher> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = time.GetUtcNow().UtcDateTime;
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
                var eviction = scope.ServiceProvider.GetRequiredService<PageCacheEviction>();
                // Set-based and conditional on the status, so two nodes never publish the same article twice.
                var scheduled = await db.Articles.AsNoTracking()
                    .Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now)
                    .Select(a => a.Id).ToListAsync(stoppingToken);
                if (scheduled.Count > 0)
                {
                    await db.Articles.Where(a => scheduled.Contains(a.Id) && a.Status == ArticleStatus.Scheduled)
                        .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ArticleStatus.Published), stoppingToken);
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        logger.LogInformation("Published {Count} scheduled article(s).", scheduled.Count);
                    }
                }

                var due = await db.Articles.AsNoTracking()
                    .Where(a => a.Status == ArticleStatus.Published
                        && ((a.PublishedAt > since && a.PublishedAt <= now) || scheduled.Contains(a.Id)))
                    .Select(a => a.Id)
                    .ToListAsync(stoppingToken);
                foreach (var id in due)
                {
                    await eviction.ArticleChangedAsync(id, null, stoppingToken);
                }

                since = now;
                if (await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().RefreshAsync(db, stoppingToken))
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
}
