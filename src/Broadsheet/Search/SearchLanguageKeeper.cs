using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Search;

/// <summary>
/// On PostgreSQL the documents' words are stemmed, and stop words dropped, by the site's language
/// (<see cref="SearchIndex.TextSearchConfigurationAsync"/>). When the language changes in the newsroom's settings, the
/// documents written before still hold the old language's stems, and a search in the new one misses them. This
/// service notices (at start, then every few seconds: another node may have saved the setting), rewrites every
/// document in the background, a batch at a time, and records the configuration they were written with. Of several
/// nodes, the one holding the advisory lock does the work. A database without a record (a site from before it was
/// kept) is taken to match the language it has now, as the documents were written in it unless someone changed it
/// and did not run <c>reindex</c>. SQLite's index does not depend on the language.
/// </summary>
internal sealed class SearchLanguageKeeper(IServiceScopeFactory scopes, MigrationState schema, TimeProvider time, ILogger<SearchLanguageKeeper> logger)
    : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    /// <summary>The advisory lock's number: any constant no other lock of the app uses.</summary>
    private const long LockKey = 727276;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitUntilUpToDateAsync(stoppingToken);
        string? kept = null;
        while (true)
        {
            var wait = Interval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
                if (!db.Database.IsPostgres())
                {
                    return;
                }

                var wanted = await SearchIndex.TextSearchConfigurationAsync(db, stoppingToken);
                if (wanted != kept)
                {
                    kept = await KeepAsync(db, wanted, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Searches still find what the documents hold; `reindex` rewrites them by hand.
                // Not every few seconds: a database user that may not comment on the table would fill the log.
                logger.LogWarning(exception, "Could not rewrite the search documents for the site's language; it is tried again in {Minutes} minutes, or run the reindex command.", RetryAfterFailure.TotalMinutes);
                wait = RetryAfterFailure;
            }

            // A fresh delay each pass (as the publication watcher's), so a long pause is caught up with one check.
            await Task.Delay(wait, time, stoppingToken);
        }
    }

    /// <summary>
    /// Makes the documents <paramref name="wanted"/>'s, unless another node is at it. Returns the configuration the
    /// documents are recorded with afterwards, or null when this node could not look (another node holds the lock).
    /// </summary>
    private async Task<string?> KeepAsync(BroadsheetDb db, string wanted, CancellationToken cancellationToken)
    {
        // One connection throughout, so that the session's advisory lock covers the check and the rewrite.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!await db.Database.SqlQueryRaw<bool>($"SELECT pg_try_advisory_lock({LockKey}) AS \"Value\"").SingleAsync(cancellationToken))
            {
                return null;
            }

            try
            {
                var recorded = await SearchIndex.RecordedConfigurationAsync(db, cancellationToken);
                if (recorded is null)
                {
                    await SearchIndex.RecordConfigurationAsync(db, wanted, cancellationToken);
                    return wanted;
                }

                if (recorded == wanted)
                {
                    return wanted;
                }

                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("The site's language changed: rewriting every search document with the text search configuration '{Wanted}' (they were written with '{Recorded}').", wanted, recorded);
                }

                var rewritten = await SearchIndex.RebuildAsync(db, null, cancellationToken);
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Rewrote {Count} search document(s) with '{Wanted}'.", rewritten, wanted);
                }
                // The language may have changed again meanwhile: the rewrite recorded the one it began with.
                return await SearchIndex.RecordedConfigurationAsync(db, cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
