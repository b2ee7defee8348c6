using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Editing;

/// <summary>The <c>Broadsheet:Trash</c> configuration section.</summary>
public sealed class TrashOptions
{
    public const string SectionName = "Broadsheet:Trash";

    /// <summary>Days an article stays in the trash before it is deleted for good; 0 keeps it until someone deletes it.</summary>
    public int RetentionDays { get; set; } = 30;
}

/// <summary>
/// Empties the trash of articles that have been there longer than <see cref="TrashOptions.RetentionDays"/>, through
/// the same deletion as the newsroom's "Delete for good" (tombstones, webhooks, eviction), recorded in the audit log as
/// done by the system. Of several nodes each may look; an article another node has just deleted is skipped.
/// </summary>
public sealed class TrashRetention(
    IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<TrashOptions> options, MigrationState schema, ILogger<TrashRetention> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitUntilUpToDateAsync(stoppingToken);
        while (true)
        {
            try
            {
                await EmptyAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next pass tries again; an article stays in the trash an hour longer.
                logger.LogWarning(exception, "Could not empty the trash.");
            }

            // A fresh delay each pass, as the publication watcher's: after a long pause it looks once, not once per hour missed.
            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    /// <summary>Deletes for good every article whose time in the trash is up; returns how many.</summary>
    public async Task<int> EmptyAsync(CancellationToken cancellationToken = default)
    {
        var days = options.CurrentValue.RetentionDays;
        if (days <= 0)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-days);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var deletion = scope.ServiceProvider.GetRequiredService<ArticleDeletion>();
        var expired = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Trashed && a.TrashedAt <= cutoff)
            .Select(a => a.Id).ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var id in expired)
        {
            var article = await db.Articles.Include(a => a.Tags).Include(a => a.Bylines).AsSingleQuery()
                .FirstOrDefaultAsync(a => a.Id == id && a.Status == ArticleStatus.Trashed, cancellationToken);
            // Restored or deleted elsewhere since the list was read: the deletion checks again, in its transaction.
            if (article is not null && await deletion.DeleteExpiredAsync(article, cutoff, cancellationToken))
            {
                deleted++;
            }
        }

        if (deleted > 0 && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Emptied {Count} article(s) from the trash after {Days} days.", deleted, days);
        }

        return deleted;
    }
}
