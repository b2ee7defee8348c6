using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Mail;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Turns mailings into outbox messages. It creates the digest jobs when their moment has passed, then expands
/// each job a page of subscribers at a time: one transaction writes the page's messages and moves the job's
/// cursor, so a crash repeats no subscriber and skips none, and no list of subscribers is held in memory whole.
/// A job is leased while a node expands it, and each page is conditional on the cursor it started from, so two
/// nodes never write the same page (the unique (JobId, SubscriberId) index would refuse it anyway).
/// </summary>
public sealed class MailingWorker(
    IServiceScopeFactory scopes, MailingSignal signal, Outbox outbox, TimeProvider time, SiteCalendar calendar,
    IOptions<SubscriptionOptions> options, Data.MigrationState schema, ILogger<MailingWorker> logger) : BackgroundService, IDisposable
{
    /// <summary>At most this many articles in one digest; the rest are counted and linked.</summary>
    public const int DigestLimit = 50;

    /// <summary>
    /// How often to look for jobs queued on other nodes (this node's wake the worker at once). Real time, as the
    /// outbox sender polls: due-ness is judged by the app's clock, which a test may hold still.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim oneRunAtATime = new(1, 1);

    /// <summary>The digest moments this node knows have their job, so it asks the database again only when the next one passes.</summary>
    private (DateTime Daily, DateTime Weekly) ensured;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitUntilUpToDateAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not prepare the mailings; trying again shortly.");
            }

            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Creates the digest jobs that are due and expands every job that is waiting; returns how many messages it
    /// queued. Tests call it to run the mailings at a moment of their choosing; it never runs twice at once on a node.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        await oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            await ScheduleDigestsAsync(cancellationToken);
            var queued = 0;
            while (await ClaimAsync(cancellationToken) is { } jobId)
            {
                try
                {
                    queued += await ExpandAsync(jobId, cancellationToken);
                }
                catch
                {
                    await ReleaseAsync(jobId);
                    throw;
                }
            }

            return queued;
        }
        finally
        {
            oneRunAtATime.Release();
        }
    }

    /// <summary>The digests whose moment has passed, if no node has created them yet.</summary>
    private async Task ScheduleDigestsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var zone = calendar.Zone;
        var (dailyStart, dailyEnd) = DigestSchedule.LatestDaily(now, zone, settings.DailyDigestAt);
        var (weeklyStart, weeklyEnd) = DigestSchedule.LatestWeekly(now, zone, settings.DailyDigestAt, settings.WeeklyDigestDay);
        if (ensured == (dailyEnd, weeklyEnd))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        await CreateDigestJobAsync(db, MailJobKind.DailyDigest, dailyStart, dailyEnd, now, cancellationToken);
        await CreateDigestJobAsync(db, MailJobKind.WeeklyDigest, weeklyStart, weeklyEnd, now, cancellationToken);
        ensured = (dailyEnd, weeklyEnd);
    }

    private static async Task CreateDigestJobAsync(BroadsheetDb db, MailJobKind kind, DateTime start, DateTime end, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.MailJobs.AnyAsync(j => j.Kind == kind && j.ArticleId == DigestArticleId && j.PeriodEnd == end, cancellationToken))
        {
            return;
        }

        // Several nodes may get here at once: the unique index keeps one job, and ON CONFLICT (SQLite and
        // PostgreSQL alike) lets the others pass quietly instead of failing.
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "MailJobs" ("Kind", "ArticleId", "PeriodStart", "PeriodEnd", "Cursor", "Done", "CreatedAt", "Queued") VALUES ({(int)kind}, {DigestArticleId}, {start}, {end}, {0}, {false}, {now}, {0}) ON CONFLICT DO NOTHING""",
            cancellationToken);
    }

    /// <summary>
    /// A digest's ArticleId: 0, not null, because a unique index treats nulls as all different and would let two
    /// nodes create the same digest.
    /// </summary>
    public const int DigestArticleId = 0;

    /// <summary>Leases the oldest waiting job no other node holds; null when there is none.</summary>
    private async Task<long?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var free = db.MailJobs.Where(j => !j.Done && (j.LockedUntil == null || j.LockedUntil < now));
        foreach (var id in await free.OrderBy(j => j.Id).Select(j => j.Id).Take(10).ToListAsync(cancellationToken))
        {
            var until = now + Lease;
            if (await free.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.LockedUntil, until), cancellationToken) == 1)
            {
                return id;
            }
        }

        return null;
    }

    private async Task ReleaseAsync(long jobId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            await db.MailJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.LockedUntil, (DateTime?)null));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not release mailing job {Job}; it is taken up again when its lease ends.", jobId);
        }
    }

    private async Task<int> ExpandAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var content = scope.ServiceProvider.GetRequiredService<MailingContent>();
        var job = await db.MailJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        var pageSize = Math.Max(1, options.Value.MailingPageSize);
        IMailingPages? pages = job.Kind == MailJobKind.Alert
            ? await AlertPages.CreateAsync(db, content, job, pageSize, cancellationToken)
            : await DigestPages.CreateAsync(db, content, job, pageSize, time.GetUtcNow().UtcDateTime, cancellationToken);
        var cursor = job.Cursor;
        var queued = 0;
        while (true)
        {
            var page = pages is null ? null : await pages.NextAsync(db, cursor, cancellationToken);
            if (page is null || page.Count == 0)
            {
                await db.MailJobs.Where(j => j.Id == jobId && j.Cursor == cursor)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, true).SetProperty(j => j.LockedUntil, (DateTime?)null), cancellationToken);
                return queued;
            }

            var chosen = pages!.Choose(page).ToList();
            var messages = new OutboxMessage[chosen.Count];
            // Signing each reader's two links is most of the work: spread over the cores.
            Parallel.For(0, chosen.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var (recipient, template, reason) = chosen[i];
                var mail = content.For(template, new Recipient(recipient.Id, recipient.Email, recipient.LinkKey), reason);
                messages[i] = outbox.Create(pages.Kind, recipient.Email, null, mail.Subject, mail.Text, mail.Html, recipient.Id, mail.UnsubscribeUrl, jobId);
            });

            var last = page[^1].Id;
            var until = time.GetUtcNow().UtcDateTime + Lease;
            using (await SqliteWriteGate.EnterAsync(db, cancellationToken))
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // The cursor first: of two nodes holding the same page, the second finds it moved and writes nothing.
                var moved = await db.MailJobs.Where(j => j.Id == jobId && j.Cursor == cursor && !j.Done).ExecuteUpdateAsync(
                    s => s.SetProperty(j => j.Cursor, last).SetProperty(j => j.Queued, j => j.Queued + messages.Length).SetProperty(j => j.LockedUntil, until),
                    cancellationToken);
                if (moved == 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return queued;
                }

                db.Outbox.AddRange(messages);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            cursor = last;
            queued += messages.Length;
            if (messages.Length > 0)
            {
                outbox.Wake();
            }
        }
    }

    public override void Dispose()
    {
        oneRunAtATime.Dispose();
        base.Dispose();
    }
}

/// <summary>Wakes this node's mailing worker when a job has been queued here (other nodes' jobs are found by polling).</summary>
public sealed class MailingSignal : Site.WakeSignal;
