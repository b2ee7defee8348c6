using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// An article published with a time in the future becomes visible when that time comes, with no
/// request or edit to mark the moment. This watcher notices such moments and evicts the cached pages
/// that should now show the article, so it appears on the home page, lists and feeds at once.
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
                var due = await db.Articles.AsNoTracking()
                    .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt > since && a.PublishedAt <= now)
                    .Select(a => new { a.Id, a.SectionId, TagIds = a.Tags.Select(t => t.Id).ToList() })
                    .ToListAsync(stoppingToken);
                foreach (var article in due)
                {
                    await eviction.ArticleChangedAsync(article.Id, article.SectionId, article.TagIds, stoppingToken);
                }

                since = now;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick tries the same window again; a reader sees the article a little later.
                logger.LogWarning(exception, "Could not check for articles whose publication time has come.");
            }
        }
    }
}
