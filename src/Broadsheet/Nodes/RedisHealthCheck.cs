using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broadsheet.Nodes;

/// <summary>
/// Whether Redis answers a PING. Registered as <see cref="HealthStatus.Degraded"/> on failure: the node still serves
/// every page from the database, so liveness (<c>/healthz</c>) stays 200 while readiness (<c>/healthz/ready</c>) fails.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = await redis.GetAsync().WaitAsync(Timeout, cancellationToken);
            if (multiplexer.IsConnected)
            {
                await multiplexer.GetDatabase().PingAsync().WaitAsync(Timeout, cancellationToken);
                return HealthCheckResult.Healthy();
            }
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
        {
            // Reported as a status only: the reason goes to the log of the feature that needed Redis.
        }

        return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer.");
    }
}
