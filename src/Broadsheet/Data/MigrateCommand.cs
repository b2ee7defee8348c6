using System.CommandLine;
using Broadsheet.CommandLine;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Data;

/// <summary>
/// <c>migrate [--list]</c>: applies the pending migrations as a deploy step, for installations that run several nodes
/// with <c>Broadsheet:Database:MigrateAtStartup=false</c>; <c>--list</c> only shows what is pending.
/// </summary>
public static class MigrateCommand
{
    private const int Failed = 1;

    /// <summary>Any fixed number, the same on every node: two <c>migrate</c> runs on PostgreSQL take turns on it.</summary>
    private const long PostgresLockKey = 727275;

    public static Command Create(AppLauncher launcher)
    {
        var list = new Option<bool>("--list") { Description = "Only list the pending migrations; change nothing." };
        var command = new Command("migrate",
            "Bring the database schema up to date (the deploy step when Broadsheet:Database:MigrateAtStartup is false): apply every " +
            "pending migration and say which. Safe to run on several machines at once.") { list };
        command.SetAction((parse, cancellationToken) => launcher.RunWithoutMigratingAsync(parse, async (services, ct) =>
        {
            var db = services.GetRequiredService<BroadsheetDb>();
            try
            {
                return parse.GetValue(list) ? await ListAsync(db, ct) : await MigrateAsync(db, ct);
            }
            catch (Exception problem) when (problem is System.Data.Common.DbException or InvalidOperationException)
            {
                // The operator needs the reason (no database, no permission), not a stack trace.
                await Console.Error.WriteLineAsync($"The migration failed: {problem.Message}");
                return Failed;
            }
        }, cancellationToken));
        return command;
    }

    private static async Task<int> ListAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var pending = (await db.PendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            await Console.Out.WriteLineAsync("The database is up to date: no pending migrations.");
            return 0;
        }

        await Console.Out.WriteLineAsync($"{pending.Count} pending migration(s):");
        foreach (var name in pending)
        {
            await Console.Out.WriteLineAsync($"  {name}");
        }

        return 0;
    }

    private static async Task<int> MigrateAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        // One connection for the whole run, so that PostgreSQL's session lock covers the list and the migration:
        // a second run waits, then finds nothing pending and says so, instead of claiming the first run's work.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Database.IsPostgres())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
            }

            var pending = (await db.PendingMigrationsAsync(cancellationToken)).ToList();
            await DataSetup.MigrateAsync(db, cancellationToken);
            if (pending.Count == 0)
            {
                await Console.Out.WriteLineAsync("The database is up to date: no migrations to apply.");
                return 0;
            }

            await Console.Out.WriteLineAsync($"Applied {pending.Count} migration(s):");
            foreach (var name in pending)
            {
                await Console.Out.WriteLineAsync($"  {name}");
            }

            return 0;
        }
        finally
        {
            if (db.Database.IsPostgres())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }
}
