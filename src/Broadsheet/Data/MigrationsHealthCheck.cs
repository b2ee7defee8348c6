using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broadsheet.Data;

/// <summary>Remembers that the schema is current, so readiness asks the database only until it is.</summary>
public sealed class MigrationState
{
    private volatile bool upToDate;

    public bool UpToDate => upToDate;

    /// <summary>Once current, the schema stays so for this process: a newer migration comes with a newer build.</summary>
    public void MarkUpToDate() => upToDate = true;
}

/// <summary>
/// Unhealthy while migrations are pending (a node started with <c>Broadsheet:Database:MigrateAtStartup=false</c>
/// before anyone ran <c>migrate</c>): a load balancer then keeps it out of rotation.
/// </summary>
public sealed class MigrationsHealthCheck(BroadsheetDb db, MigrationState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.UpToDate)
        {
            return HealthCheckResult.Healthy();
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        if (pending > 0)
        {
            return HealthCheckResult.Unhealthy($"{pending} migration(s) pending: run the migrate command.");
        }

        state.MarkUpToDate();
        return HealthCheckResult.Healthy();
    }
}
