using System.Threading.Channels;
using System.Threading.RateLimiting;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Mail;

/// <summary>
/// Delivers the outbox: claims due messages (a lease in the database, so several nodes share the work and a
/// killed node's messages are taken over), sends them over a few open connections, and records each
/// outcome as soon as the server answers. Temporary failures retry with backoff; permanent refusals count as
/// bounces against the subscriber.
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes, IMailTransport transport, MailMessages messages, OutboxSignal signal,
    TimeProvider time, IOptions<MailOptions> options, IOptions<BroadsheetOptions> site, Data.MigrationState schema, ILogger<OutboxSender> logger)
    : BackgroundService, IDisposable
{
    /// <summary>
    /// How often to look for mail queued by other nodes or come due. Real time, not the app's clock: what is due
    /// is judged by the app's clock, but the looking must go on even when a test holds that clock still.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly TokenBucketRateLimiter? rateLimiter = CreateRateLimiter(options.Value.MessagesPerSecond);
    private readonly SemaphoreSlim oneRoundAtATime = new(1, 1);
    private string Node => site.Value.NodeName;
    private DateTime nextPrune = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Mail goes to {Transport}.", transport.Description);
        }

        await schema.WaitUntilUpToDateAsync(stoppingToken);
        await ReleaseEarlierClaimsAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) > 0)
                {
                }

                await PruneAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not deliver queued mail; trying again shortly.");
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
    /// Claims and sends one batch of due messages; returns how many it claimed (0 when nothing is due). Tests
    /// call it to deliver at a moment of their choosing; it never runs twice at once on a node.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        await oneRoundAtATime.WaitAsync(cancellationToken);
        try
        {
            var batch = await ClaimAsync(cancellationToken);
            if (batch.Count > 0)
            {
                await SendAsync(batch, cancellationToken);
            }

            return batch.Count;
        }
        finally
        {
            oneRoundAtATime.Release();
        }
    }

    /// <summary>Once an hour: old sent and cancelled messages, and spent links that have expired anyway.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now < nextPrune)
        {
            return;
        }

        nextPrune = now.AddHours(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var before = now - options.Value.KeepSentFor;
        await db.Outbox.Where(m => (m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Cancelled) && m.CreatedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        await db.SpentLinks.Where(l => l.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A node that was killed restarts under the same name: its earlier claims are released at once, not at the end of their lease.</summary>
    private async Task ReleaseEarlierClaimsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            var released = await db.Outbox.Where(m => m.Status == OutboxStatus.Queued && m.ClaimedBy == Node && m.ClaimToken != null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.ClaimToken, (string?)null), cancellationToken);
            if (released > 0 && logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Took back {Count} message(s) this node had claimed before it stopped.", released);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not release this node's earlier mail claims; they will be taken over when their lease ends.");
        }
    }

    private async Task<List<OutboxMessage>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = db.Outbox.Where(m => m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now));
        var ids = await due.OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize(options.Value)).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        // Conditional on the row still being free, so of two nodes that picked the same rows each gets only those it won.
        var token = Guid.NewGuid().ToString("N");
        var until = now + options.Value.ClaimLease;
        using (await SqliteWriteGate.EnterAsync(db, cancellationToken))
        {
            await due.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.LockedUntil, until).SetProperty(m => m.ClaimedBy, Node).SetProperty(m => m.ClaimToken, token), cancellationToken);
        }

        var claimed = await db.Outbox.AsNoTracking().Where(m => m.ClaimToken == token).OrderBy(m => m.Id).ToListAsync(cancellationToken);

        // Only a confirmation may go to an address that is not confirmed; a reader who unsubscribed after the
        // message was queued does not get it.
        var subscriberIds = claimed.Where(m => m.SubscriberId is not null && m.Kind != MailKind.Confirmation).Select(m => m.SubscriberId!.Value).Distinct().ToList();
        if (subscriberIds.Count == 0)
        {
            return claimed;
        }

        var allowed = (await db.Subscribers.Where(s => subscriberIds.Contains(s.Id) && s.Status == SubscriberStatus.Confirmed).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var cancelled = claimed.Where(m => m.SubscriberId is { } id && m.Kind != MailKind.Confirmation && !allowed.Contains(id)).Select(m => m.Id).ToList();
        if (cancelled.Count > 0)
        {
            await db.Outbox.Where(m => cancelled.Contains(m.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Status, OutboxStatus.Cancelled).SetProperty(m => m.ClaimToken, (string?)null).SetProperty(m => m.LockedUntil, (DateTime?)null)
                      .SetProperty(m => m.LastError, "Not sent: the address unsubscribed, was suspended or was removed before it went out."),
                cancellationToken);
        }

        return claimed.Where(m => !cancelled.Contains(m.Id)).ToList();
    }

    private async Task SendAsync(List<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        var work = Channel.CreateUnbounded<OutboxMessage>();
        foreach (var message in batch)
        {
            work.Writer.TryWrite(message);
        }

        work.Writer.Complete();
        var outcomes = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
        var recorder = RecordAsync(outcomes.Reader);
        var connections = Math.Clamp(options.Value.Smtp.MaxConnections, 1, Math.Max(1, batch.Count));
        try
        {
            await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => SendOverOneConnectionAsync(work.Reader, outcomes.Writer, cancellationToken)));
        }
        finally
        {
            outcomes.Writer.Complete();
            await recorder;
        }
    }

    private async Task SendOverOneConnectionAsync(ChannelReader<OutboxMessage> work, ChannelWriter<Outcome> outcomes, CancellationToken cancellationToken)
    {
        IMailConnection? connection = null;
        string? unreachable = null;
        try
        {
            while (work.TryRead(out var row))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // Shutting down: what is left is released for the next start (or another node).
                    await outcomes.WriteAsync(new Outcome(row, OutcomeKind.Release, null), CancellationToken.None);
                    continue;
                }

                if (unreachable is not null)
                {
                    await outcomes.WriteAsync(new Outcome(row, OutcomeKind.Retry, unreachable), CancellationToken.None);
                    continue;
                }

                if (rateLimiter is not null)
                {
                    using var lease = await rateLimiter.AcquireAsync(1, cancellationToken);
                }

                if (!StillHeld(row))
                {
                    // The claim is running out (a slow server, a long batch): another node may take the message
                    // over at any moment, so this node must not send it too. It goes back for the next round.
                    await outcomes.WriteAsync(new Outcome(row, OutcomeKind.Release, null), CancellationToken.None);
                    continue;
                }

                Outcome outcome;
                try
                {
                    connection ??= await transport.ConnectAsync(cancellationToken);
                    await connection.SendAsync(messages.Build(row), cancellationToken);
                    outcome = new(row, OutcomeKind.Sent, null);
                }
                catch (SmtpCommandException refusal)
                {
                    var answer = $"{(int)refusal.StatusCode} {refusal.Message}";
                    outcome = (int)refusal.StatusCode >= 500
                        ? new(row, refusal.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? OutcomeKind.Bounced : OutcomeKind.Failed, answer)
                        : new(row, OutcomeKind.Retry, answer);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A dropped connection, a timeout, TLS or sign-in trouble: try this message again later and
                    // leave the rest of the batch for the next round rather than hammering a server that is down.
                    var problem = Describe(exception);
                    logger.LogWarning("Could not send mail through {Transport}: {Problem}", transport.Description, problem);
                    outcome = new(row, OutcomeKind.Retry, problem);
                    unreachable = problem;
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
                catch (OperationCanceledException)
                {
                    outcome = new(row, OutcomeKind.Release, null);
                }

                await outcomes.WriteAsync(outcome, CancellationToken.None);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Whether enough of this node's claim on the message remains to send it before another node may take it over:
    /// a quarter of the lease, far more than one message takes.
    /// </summary>
    private bool StillHeld(OutboxMessage row) =>
        row.LockedUntil is { } until && time.GetUtcNow().UtcDateTime + options.Value.ClaimLease / 4 < until;

    /// <summary>
    /// How many messages to claim at once: the configured batch, but no more than the pace allows in half a lease,
    /// so a slowed sender does not claim messages it cannot send before its claim ends.
    /// </summary>
    internal static int BatchSize(MailOptions mail)
    {
        var batch = Math.Max(1, mail.BatchSize);
        if (mail.MessagesPerSecond > 0)
        {
            var withinHalfALease = (int)Math.Min(int.MaxValue, Math.Ceiling(mail.MessagesPerSecond * mail.ClaimLease.TotalSeconds / 2));
            batch = Math.Min(batch, Math.Max(1, withinHalfALease));
        }

        return batch;
    }

    private static string Describe(Exception exception) => exception switch
    {
        MailKit.Security.AuthenticationException => "the server refused the user name or password (" + exception.Message + ")",
        MailKit.Security.SslHandshakeException => "the TLS handshake failed; check Broadsheet:Mail:Smtp:Security and the server's certificate",
        System.Net.Sockets.SocketException socket => $"could not connect ({socket.SocketErrorCode})",
        _ => exception.Message,
    };

    /// <summary>Writes outcomes as they come, grouping those that arrive together into one statement.</summary>
    private async Task RecordAsync(ChannelReader<Outcome> outcomes)
    {
        var group = new List<Outcome>();
        while (await outcomes.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            while (group.Count < 500 && outcomes.TryRead(out var outcome))
            {
                group.Add(outcome);
            }

            try
            {
                await RecordGroupAsync(group);
            }
            catch (Exception exception)
            {
                // The claim runs out and the messages are tried again: a possible repeat, never a loss.
                logger.LogWarning(exception, "Could not record the outcome of {Count} message(s).", group.Count);
            }
        }
    }

    private async Task RecordGroupAsync(List<Outcome> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var now = time.GetUtcNow().UtcDateTime;
        using var turn = await SqliteWriteGate.EnterAsync(db, CancellationToken.None);
        var sent = group.Where(o => o.Kind == OutcomeKind.Sent).Select(o => o.Row.Id).ToList();
        if (sent.Count > 0)
        {
            await db.Outbox.Where(m => sent.Contains(m.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.ClaimToken, (string?)null).SetProperty(m => m.LastError, (string?)null));
            // Bounces count in a row: a delivered message clears them.
            var delivered = group.Where(o => o.Kind == OutcomeKind.Sent && o.Row.SubscriberId is not null).Select(o => o.Row.SubscriberId!.Value).Distinct().ToList();
            if (delivered.Count > 0)
            {
                await db.Subscribers.Where(s => delivered.Contains(s.Id) && s.BounceCount > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.BounceCount, 0));
            }
        }

        foreach (var outcome in group.Where(o => o.Kind != OutcomeKind.Sent))
        {
            await RecordOneAsync(db, outcome, now);
        }
    }

    private async Task RecordOneAsync(BroadsheetDb db, Outcome outcome, DateTime now)
    {
        var row = outcome.Row;
        var error = outcome.Answer is { Length: > 1000 } long_ ? long_[..999] + "…" : outcome.Answer;
        var attempts = row.Attempts + 1;
        var mine = db.Outbox.Where(m => m.Id == row.Id && m.ClaimToken == row.ClaimToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Release:
                await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.ClaimToken, (string?)null));
                return;
            case OutcomeKind.Retry when attempts < options.Value.MaxAttempts:
                var wait = options.Value.RetryAfter * Math.Pow(2, Math.Min(attempts - 1, 16));
                var next = now + (wait > TimeSpan.FromHours(6) ? TimeSpan.FromHours(6) : wait);
                await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.ClaimToken, (string?)null));
                return;
            default:
                await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.ClaimToken, (string?)null));
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    logger.LogWarning("Gave up on message {Id} to a subscriber's address: {Answer}", row.Id, error);
                }

                break;
        }

        if (outcome.Kind == OutcomeKind.Bounced && row.SubscriberId is { } subscriberId)
        {
            var limit = options.Value.BounceLimit;
            await db.Subscribers.Where(s => s.Id == subscriberId).ExecuteUpdateAsync(s => s.SetProperty(x => x.BounceCount, x => x.BounceCount + 1).SetProperty(x => x.BounceReason, error));
            await db.Subscribers.Where(s => s.Id == subscriberId && s.BounceCount >= limit && s.Status == SubscriberStatus.Confirmed)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriberStatus.Bouncing));
        }
    }

    private static TokenBucketRateLimiter? CreateRateLimiter(double perSecond)
    {
        if (perSecond <= 0)
        {
            return null;
        }

        // Tokens every 50 ms at most, so the pace is even rather than a burst once a second.
        var perPeriod = Math.Max(1, (int)Math.Round(perSecond / 20));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perPeriod,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perPeriod / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public override void Dispose()
    {
        rateLimiter?.Dispose();
        oneRoundAtATime.Dispose();
        base.Dispose();
    }

    private enum OutcomeKind
    {
        Sent,
        Retry,
        Bounced,
        Failed,
        Release,
    }

    private sealed record Outcome(OutboxMessage Row, OutcomeKind Kind, string? Answer);
}
