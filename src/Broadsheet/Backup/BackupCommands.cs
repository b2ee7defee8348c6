using System.CommandLine;
using Broadsheet.Accounts;
using Broadsheet.CommandLine;
using Broadsheet.Site;
using Microsoft.Extensions.Options;

namespace Broadsheet.Backup;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE [--force]</c>. Neither touches the schema: a backup copies the database as
/// it is (even one an upgraded program has not migrated yet), and a restored site migrates when it starts.
/// </summary>
public static class BackupCommands
{
    private const int Failed = 1;

    public static Command Backup(AppLauncher launcher)
    {
        var file = new Argument<string>("FILE") { Description = "The archive to write (.tar.gz), replaced if it exists." };
        var command = new Command("backup",
            "Back up the site while it runs: a consistent copy of the database (SQLite's online backup, or pg_dump) with any media files kept in it, the media folder " +
            "and the secret keys, in one .tar.gz with a manifest.") { file };
        command.SetAction((parse, cancellationToken) => launcher.RunWithoutMigratingAsync(parse, async (services, ct) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(file));
            if (Directory.Exists(path))
            {
                await Console.Error.WriteLineAsync($"{path} is a folder; name the archive to write, e.g. {Path.Combine(path, "broadsheet-backup.tar.gz")}.");
                return Failed;
            }

            SiteBackup.Outcome outcome;
            try
            {
                outcome = await ActivatorUtilities.CreateInstance<SiteBackup>(services, Tools(services)).CreateAsync(path, ct);
            }
            catch (Exception problem) when (problem is not OperationCanceledException)
            {
                // Files, the database and outside programs fail in many ways; the operator needs the reason, not a stack trace.
                await Console.Error.WriteLineAsync($"The backup failed: {problem.Message}");
                return Failed;
            }

            if (outcome.Problem is not null)
            {
                await Console.Error.WriteLineAsync(outcome.Problem);
                return Failed;
            }

            var manifest = outcome.Manifest!;
            await Console.Out.WriteLineAsync(
                $"Backed up the {manifest.Provider} database ({manifest.Counts.Summary()}) to {path} ({outcome.Bytes / 1024.0:0.#} KB).");
            await Console.Error.WriteLineAsync(
                $"Warning: {Path.GetFileName(path)} holds the site's secret keys (the keys that sign sign-in cookies, reset links and anti-spam " +
                "challenges) and every account's password hash. Anyone who has it can sign in to the newsroom: keep it as safe as the server itself.");
            return 0;
        }, cancellationToken));
        return command;
    }

    public static Command Restore(AppLauncher launcher)
    {
        var file = new Argument<string>("FILE") { Description = "An archive made by 'backup'." };
        var force = new Option<bool>("--force") { Description = "Replace the site already in the data folder or database (stop the site first)." };
        var command = new Command("restore",
            "Restore a backup into an empty data folder (SQLite) or an empty database (PostgreSQL). A site already there is only replaced with --force. " +
            "Start the site afterwards: it applies any migration newer than the backup.") { file, force };
        command.SetAction((parse, cancellationToken) => launcher.RunWithoutMigratingAsync(parse, async (services, ct) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(file));
            SiteRestore.Outcome outcome;
            try
            {
                outcome = await ActivatorUtilities.CreateInstance<SiteRestore>(services, Tools(services)).RestoreAsync(path, parse.GetValue(force), ct);
            }
            catch (Exception problem) when (problem is not OperationCanceledException)
            {
                // Files, the database and outside programs fail in many ways; the operator needs the reason, not a stack trace.
                await Console.Error.WriteLineAsync($"The restore failed: {problem.Message}");
                return Failed;
            }

            if (outcome.Problem is not null)
            {
                await Console.Error.WriteLineAsync(outcome.Problem);
                return Failed;
            }

            var manifest = outcome.Manifest!;
            await Console.Out.WriteLineAsync(
                $"Restored the backup of {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC (Broadsheet {manifest.AppVersion}, {manifest.Counts.Summary()}). " +
                "Start the site to use it.");
            var configuration = services.GetRequiredService<IConfiguration>();
            var keyFile = Path.Combine(services.GetRequiredService<IOptions<BroadsheetOptions>>().Value.DataDir, "keys", KeyEncryptionKey.FileName);
            if (!File.Exists(keyFile) && string.IsNullOrWhiteSpace(configuration[KeyEncryptionKey.SettingName]))
            {
                // The site was given its key-encryption key by configuration, and a backup never holds configuration.
                await Console.Error.WriteLineAsync(
                    $"Note: the sign-in keys in this backup are encrypted with the key-encryption key the site was given ({KeyEncryptionKey.SettingName}), " +
                    "which a backup does not hold. Give the restored site the same value, or readers and the newsroom must sign in again.");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static PostgresTools Tools(IServiceProvider services) => new(services.GetRequiredService<IConfiguration>());
}
