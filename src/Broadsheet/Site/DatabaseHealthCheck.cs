using Broadsheet.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broadsheet.Site;

/// <summary>Healthy when the database answers; load balancers poll it at /healthz.</summary>
public sealed class DatabaseHealthCheck(BroadsheetDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
