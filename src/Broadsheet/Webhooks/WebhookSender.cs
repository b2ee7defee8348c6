using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Webhooks;

/// <summary>
/// Delivers webhooks from their outbox: claims due deliveries with a lease (so several nodes share the work and a
/// killed node's deliveries are taken over), signs and POSTs each, and records every attempt for the newsroom's
/// log. A failure retries on the configured schedule; an endpoint that has failed for long enough is disabled.
/// The connection goes only to an address judged safe after DNS resolution (see <see cref="WebhookTargets"/>).
/// </summary>
public sealed class WebhookSender(
    IServiceScopeFactory scopes, WebhookSignal signal, TimeProvider time, IOptions<WebhookOptions> options,
    IOptions<BroadsheetOptions> site, Data.MigrationState schema, ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>Real time, like the mail sender's: the looking goes on even when a test holds the app's clock still.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const int ExcerptLength = 500;

    private readonly SemaphoreSlim oneRoundAtATime = new(1, 1);
    private readonly HttpClient client = CreateClient(options.Value.AllowPrivateTargets);
    private DateTime nextPrune = DateTime.MinValue;
    private string Node => site.Value.NodeName;
    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                logger.LogWarning(exception, "Could not deliver webhooks; trying again shortly.");
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

    /// <summary>Claims and sends one batch of due deliveries; returns how many it claimed. Tests call it to deliver when they choose.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        await oneRoundAtATime.WaitAsync(cancellationToken);
        try
        {
            var batch = await ClaimAsync(cancellationToken);
            var disabled = new HashSet<int>();
            foreach (var delivery in batch)
            {
                if (disabled.Contains(delivery.EndpointId))
                {
                    // Disabled earlier in this round: its waiting deliveries were given up with it.
                    continue;
                }

                // A delivery is attempted only while this node's claim outlasts the attempt (its timeout): after the
                // lease another node may take it over, and the endpoint would get it twice. (Half the lease at most, so
                // a lease set shorter than the timeout still delivers.)
                var attemptTakes = Options.Timeout < Options.ClaimLease / 2 ? Options.Timeout : Options.ClaimLease / 2;
                if (cancellationToken.IsCancellationRequested || time.GetUtcNow().UtcDateTime + attemptTakes >= delivery.LockedUntil)
                {
                    await ReleaseAsync(delivery);
                    continue;
                }

                var result = await SendAsync(delivery, cancellationToken);
                try
                {
                    if (await RecordAsync(delivery, result))
                    {
                        disabled.Add(delivery.EndpointId);
                    }
                }
                catch (Exception exception)
                {
                    // The claim runs out and the delivery is tried again: a possible repeat (same webhook-id), never a loss.
                    logger.LogWarning(exception, "Could not record the outcome of webhook delivery {Id}.", delivery.Id);
                }
            }

            return batch.Count;
        }
        finally
        {
            oneRoundAtATime.Release();
        }
    }

    private async Task<List<WebhookDelivery>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now));
        var ids = await due.OrderBy(d => d.Id).Select(d => d.Id).Take(Math.Max(1, Options.BatchSize)).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        // Conditional on the row still being free, so of two nodes that picked the same rows each gets only those it won.
        var token = Guid.NewGuid().ToString("N");
        var until = now + Options.ClaimLease;
        using (await SqliteWriteGate.EnterAsync(db, cancellationToken))
        {
            await due.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.LockedUntil, until).SetProperty(d => d.ClaimedBy, Node).SetProperty(d => d.ClaimToken, token), cancellationToken);
        }

        return await db.WebhookDeliveries.AsNoTracking().Include(d => d.Endpoint).Where(d => d.ClaimToken == token).OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    private sealed record Result(bool Delivered, int? StatusCode, int DurationMs, string? Error, string? Excerpt, DateTime At);

    private async Task<Result> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var endpoint = delivery.Endpoint;
        var at = time.GetUtcNow().UtcDateTime;
        if (!endpoint.Enabled)
        {
            return new(false, null, 0, "Not sent: the endpoint is disabled.", null, at);
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(endpoint.Secret, delivery.MessageId, timestamp, delivery.Payload));

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            var duration = (int)stopwatch.ElapsedMilliseconds;
            if (status is >= 200 and < 300)
            {
                return new(true, status, duration, null, excerpt, at);
            }

            var error = status is >= 300 and < 400
                ? $"Redirected ({status}) to {response.Headers.Location?.ToString() ?? "nowhere"}; redirects are not followed: give the endpoint's final URL."
                : $"The endpoint answered {status} {response.ReasonPhrase}.";
            return new(false, status, duration, error, excerpt, at);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, null, (int)stopwatch.ElapsedMilliseconds, $"No answer within {Options.Timeout.TotalSeconds:0.#} s (timeout).", null, at);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new(false, null, (int)stopwatch.ElapsedMilliseconds, Describe(exception), null, at);
        }
    }

    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new char[ExcerptLength];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return read == 0 ? null : new string(buffer, 0, read);
    }

    private static string Describe(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case WebhookTargetRefusedException refused:
                    return "Refused to connect: " + refused.Message + " (Broadsheet:Webhooks:AllowPrivateTargets is off.)";
                case SocketException socket:
                    return $"Could not connect ({socket.SocketErrorCode}).";
            }
        }

        return exception.Message;
    }

    /// <summary>Records the attempt; returns whether the endpoint was disabled because of it.</summary>
    private async Task<bool> RecordAsync(WebhookDelivery delivery, Result result)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = delivery.Attempts + 1;
        var error = Truncate(result.Error, 1000);
        using var turn = await SqliteWriteGate.EnterAsync(db, CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var mine = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimToken == delivery.ClaimToken && d.Status == WebhookDeliveryStatus.Pending);
        int updated;
        if (result.Delivered)
        {
            updated = await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered).SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.Attempts, attempts).SetProperty(d => d.LastStatusCode, result.StatusCode).SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.LockedUntil, (DateTime?)null).SetProperty(d => d.ClaimToken, (string?)null));
            await db.WebhookEndpoints.Where(e => e.Id == delivery.EndpointId && e.FailingSince != null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, (DateTime?)null));
        }
        else
        {
            var schedule = Options.Schedule;
            var giveUp = !delivery.Endpoint.Enabled || attempts > schedule.Count;
            var next = giveUp ? now : now + schedule[attempts - 1];
            updated = await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, giveUp ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.Attempts, attempts).SetProperty(d => d.LastStatusCode, result.StatusCode)
                .SetProperty(d => d.LastError, error).SetProperty(d => d.LockedUntil, (DateTime?)null).SetProperty(d => d.ClaimToken, (string?)null));
        }

        if (updated == 0)
        {
            // Another node took the delivery over after this claim ran out (its own attempt will be recorded), or
            // the endpoint was disabled meanwhile.
            return false;
        }

        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id,
            AttemptedAt = result.At,
            StatusCode = result.StatusCode,
            DurationMs = result.DurationMs,
            Error = error,
            ResponseExcerpt = Truncate(result.Excerpt, ExcerptLength),
        });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        if (!result.Delivered && delivery.Endpoint.Enabled)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Webhook delivery {Id} to endpoint {Endpoint} failed: {Error}", delivery.Id, delivery.EndpointId, error);
            }

            return await NoteFailureAsync(scope.ServiceProvider, db, delivery.EndpointId, now);
        }

        return false;
    }

    /// <summary>Starts the endpoint's failing period, or disables it once that period has lasted too long.</summary>
    private async Task<bool> NoteFailureAsync(IServiceProvider services, BroadsheetDb db, int endpointId, DateTime now)
    {
        await db.WebhookEndpoints.Where(e => e.Id == endpointId && e.FailingSince == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, now));
        var limit = now - Options.DisableAfter;
        var reason = $"Every delivery failed for {Describe(Options.DisableAfter)}; disabled automatically.";
        var disabled = await db.WebhookEndpoints.Where(e => e.Id == endpointId && e.Enabled && e.FailingSince <= limit).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Enabled, false).SetProperty(e => e.DisabledAt, now).SetProperty(e => e.DisabledReason, reason));
        if (disabled == 0)
        {
            return false;
        }

        await db.WebhookDeliveries.Where(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, WebhookDeliveryStatus.Failed).SetProperty(d => d.LastError, "Not sent: the endpoint was disabled."));
        var url = await db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.Url).FirstAsync();
        await services.GetRequiredService<AuditLog>().RecordAsync(null, "Webhook endpoint disabled after failing", url);
        logger.LogWarning("Disabled webhook endpoint {Endpoint}: {Reason}", endpointId, reason);
        return true;
    }

    private static string Describe(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hours" : $"{span.TotalMinutes:0.#} minutes";

    private async Task ReleaseAsync(WebhookDelivery delivery)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimToken == delivery.ClaimToken)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, (DateTime?)null).SetProperty(d => d.ClaimToken, (string?)null));
    }

    /// <summary>A node that was killed restarts under the same name: its earlier claims are released at once.</summary>
    private async Task ReleaseEarlierClaimsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending && d.ClaimedBy == Node && d.ClaimToken != null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, (DateTime?)null).SetProperty(d => d.ClaimToken, (string?)null), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not release this node's earlier webhook claims; they will be taken over when their lease ends.");
        }
    }

    /// <summary>Once an hour: delivered rows older than the configured time (their attempts go with them).</summary>
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
        var before = now - Options.KeepDeliveredFor;
        await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Delivered && d.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private static HttpClient CreateClient(bool allowPrivate)
    {
        var handler = new SocketsHttpHandler
        {
            // A redirect could lead anywhere, inside the network too: it is reported, never followed.
            AllowAutoRedirect = false,
            // A proxy would make the connection itself, past the address check below.
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, cancellationToken) =>
            {
                // The name is resolved here, and the connection made to an address judged here, so a DNS answer
                // that changes between a check and the connection (rebinding) cannot lead inward.
                var addresses = await WebhookTargets.ResolveAsync(context.DnsEndPoint.Host, allowPrivate, resolve: true, cancellationToken);
                Exception? last = null;
                foreach (var address in addresses)
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        socket.Dispose();
                        last = exception;
                    }
                }

                throw last ?? new WebhookTargetRefusedException($"{context.DnsEndPoint.Host} has no address.");
            },
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Broadsheet-Webhooks/1.0");
        return client;
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 1)] + "…";

    public override void Dispose()
    {
        client.Dispose();
        oneRoundAtATime.Dispose();
        base.Dispose();
    }
}
