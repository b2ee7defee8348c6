using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broadsheet.Data;

/// <summary>
/// Whether the schema is current. Background jobs wait for it, so that a node started before <c>migrate</c> ran does
/// not query tables a pending migration has yet to make; readiness asks the database only until it is.
/// </summary>
public sealed class MigrationState(IServiceScopeFactory scopes, ILogger<MigrationState> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource current = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int polling;

    public bool UpToDate => current.Task.IsCompleted;

    /// <summary>Once current, the schema stays so for this process: a newer migration comes with a newer build.</summary>
    public void MarkUpToDate() => current.TrySetResult();

    /// <summary>Returns once the schema is current, looking again every few seconds until someone runs <c>migrate</c>.</summary>
    public Task WaitUntilUpToDateAsync(CancellationToken cancellationToken)
    {
        // One look-out for all the jobs that wait (they all stop with the app, so the first one's token will do).
        if (!UpToDate && Interlocked.Exchange(ref polling, 1) == 0)
        {
            _ = PollAsync(cancellationToken);
        }

        return current.Task.WaitAsync(cancellationToken);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!UpToDate)
            {
                await Task.WhenAny(current.Task, Task.Delay(PollInterval, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (UpToDate)
                {
                    return;
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if ((await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().PendingMigrationsAsync(cancellationToken)).Count == 0)
                    {
                        logger.LogInformation("The database schema is now up to date; background jobs start.");
                        MarkUpToDate();
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogDebug(exception, "Could not ask the database for pending migrations.");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The app is stopping.
        }
    }
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

        var pending = (await db.PendingMigrationsAsync(cancellationToken)).Count;
        if (pending > 0)
        {
            return HealthCheckResult.Unhealthy($"{pending} migration(s) pending: run the migrate command.");
        }

        state.MarkUpToDate();
        return HealthCheckResult.Healthy();
    }
}
