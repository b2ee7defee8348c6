using System.Formats.Tar;
using System.IO.Compression;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadsheet.Backup;

/// <summary>
/// <c>restore FILE</c>: a backup archive into an empty data folder (SQLite) or an empty database (PostgreSQL). A target
/// that holds a site is refused unless forced, and the archive is checked and unpacked beside it before anything there
/// changes. The site's own start-up then applies any migration newer than the backup.
/// </summary>
public sealed class SiteRestore(BroadsheetDb db, IOptions<BroadsheetOptions> options, MediaFolder mediaFolder, PostgresTools tools)
{
    public sealed record Outcome(string? Problem, BackupManifest? Manifest = null, bool Refused = false);

    private string DataDir => options.Value.DataDir;
    private bool OnPostgres => db.Database.IsPostgres();

    public async Task<Outcome> RestoreAsync(string archivePath, bool force, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            return new Outcome($"There is no file {archivePath}.");
        }

        var manifest = await ReadManifestAsync(archivePath, cancellationToken);
        if (manifest is null || manifest.Database is not (BackupManifest.SqliteEntry or BackupManifest.PostgresEntry))
        {
            return new Outcome($"{archivePath} is not a Broadsheet backup (it has no readable {BackupManifest.EntryName} at its start).");
        }

        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
        {
            return new Outcome($"This backup was made by a newer Broadsheet ({manifest.AppVersion}, backup format {manifest.FormatVersion}); restore it with that version or later.");
        }

        var provider = OnPostgres ? "PostgreSQL" : "Sqlite";
        if (!string.Equals(manifest.Provider, provider, StringComparison.OrdinalIgnoreCase))
        {
            return new Outcome($"This backup holds a {manifest.Provider} database but the site is configured for {provider} (Broadsheet:Database:Provider); " +
                "restore it into a site on the same kind of database.");
        }

        string? pgRestore = null;
        if (OnPostgres && (pgRestore = tools.Find("pg_restore", out var missing)) is null)
        {
            return new Outcome(missing);
        }

        var occupied = OnPostgres ? await PostgresContentAsync(cancellationToken) : SqliteContent();
        if (occupied.Problem is not null)
        {
            return new Outcome(occupied.Problem);
        }

        if (occupied.What is not null && !force)
        {
            return new Outcome($"{occupied.What}: restoring would replace it. Nothing was changed. Stop the site and run the restore again with --force to replace it.", Refused: true);
        }

        Directory.CreateDirectory(DataDir);
        var staging = Directory.CreateDirectory(Path.Combine(DataDir, $".restore-{Guid.NewGuid():N}"));
        try
        {
            var problem = await UnpackAsync(archivePath, manifest, staging.FullName, cancellationToken);
            if (problem is not null)
            {
                return new Outcome(problem);
            }

            var database = Path.Combine(staging.FullName, manifest.Database);
            if (!File.Exists(database))
            {
                return new Outcome($"{archivePath} has no {manifest.Database}; it is incomplete.");
            }

            if (OnPostgres)
            {
                problem = await RestorePostgresAsync(pgRestore!, database, cancellationToken);
                if (problem is not null)
                {
                    return new Outcome(problem);
                }
            }
            else
            {
                ReplaceSqlite(database);
            }

            ReplaceFolder(Path.Combine(staging.FullName, "media"), mediaFolder.Root, secret: false);
            ReplaceFolder(Path.Combine(staging.FullName, "keys"), Path.Combine(DataDir, "keys"), secret: true);
            return new Outcome(null, manifest);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static async Task<BackupManifest?> ReadManifestAsync(string archivePath, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(archivePath);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            var first = await tar.GetNextEntryAsync(copyData: false, cancellationToken);
            return first is { Name: BackupManifest.EntryName, DataStream: { } data } ? BackupManifest.FromJson(data) : null;
        }
        catch (Exception problem) when (problem is InvalidDataException or FormatException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Unpacks every entry under the staging folder; a name that would land outside it is refused (a crafted archive).</summary>
    private static async Task<string?> UnpackAsync(string archivePath, BackupManifest manifest, string staging, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(archivePath);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory || entry.Name == BackupManifest.EntryName)
                {
                    continue;
                }

                var allowed = entry.Name == manifest.Database || entry.Name.StartsWith(BackupManifest.MediaFolder, StringComparison.Ordinal)
                    || entry.Name.StartsWith(BackupManifest.KeysFolder, StringComparison.Ordinal);
                var target = Path.GetFullPath(Path.Combine(staging, entry.Name));
                if (!allowed || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !target.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    return $"The backup holds an unexpected entry '{entry.Name}'; it was not made by Broadsheet. Nothing was changed.";
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await entry.ExtractToFileAsync(target, overwrite: false, cancellationToken);
            }

            return null;
        }
        catch (Exception problem) when (problem is InvalidDataException or FormatException or EndOfStreamException)
        {
            return $"The backup is damaged ({problem.Message}). Nothing was changed.";
        }
    }

    private (string? What, string? Problem) SqliteContent()
    {
        var database = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        return File.Exists(database) || File.Exists(database + "-wal")
            ? ($"The data folder {DataDir} already holds a database", null)
            : (FilesContent(), null);
    }

    /// <summary>What the media and keys folders already hold (on either database: they are restored into the folders).</summary>
    private string? FilesContent()
    {
        foreach (var (folder, path) in new[] { ("media", mediaFolder.Root), ("keys", Path.Combine(DataDir, "keys")) })
        {
            // The key-encryption key is made by any run of the program, a command too: alone it is not a site.
            if (Directory.Exists(path) && Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Any(f => Path.GetFileName(f) != Broadsheet.Accounts.KeyEncryptionKey.FileName))
            {
                return $"The data folder {DataDir} already holds {folder} files";
            }
        }

        return null;
    }

    private async Task<(string? What, string? Problem)> PostgresContentAsync(CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()!;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";
            var tables = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (tables > 0)
            {
                return ($"The database {name} already holds {tables} tables", null);
            }

            return (FilesContent(), null);
        }
        catch (PostgresException problem) when (problem.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return (null, $"The database {name} does not exist. Create it first (for example: createdb {name}), then restore into it.");
        }
        catch (NpgsqlException problem)
        {
            return (null, $"Cannot reach the database {name}: {problem.Message}");
        }
    }

    private async Task<string?> RestorePostgresAsync(string pgRestore, string dump, CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()!;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString()))
        {
            // Forced over an existing site: its schema goes, in one statement, just before the dump is loaded.
            await connection.OpenAsync(cancellationToken);
            await using var clear = connection.CreateCommand();
            clear.CommandText = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;";
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        var (exitCode, error) = await PostgresTools.RunAsync(pgRestore, connectionString,
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={builder.Database}", dump], cancellationToken);
        return exitCode == 0 ? null : $"pg_restore failed (exit code {exitCode}): {error}";
    }

    private void ReplaceSqlite(string restored)
    {
        var database = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        SqliteConnection.ClearAllPools();
        foreach (var leftover in new[] { database + "-wal", database + "-shm", database + "-journal" })
        {
            File.Delete(leftover);
        }

        File.Move(restored, database, overwrite: true);
    }

    private static void ReplaceFolder(string restored, string target, bool secret)
    {
        if (Directory.Exists(target))
        {
            foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
            {
                File.Delete(file);
            }
        }

        if (!Directory.Exists(restored))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(restored, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(restored, file));
            var folder = Path.GetDirectoryName(destination)!;
            if (secret && !OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            else
            {
                Directory.CreateDirectory(folder);
            }

            File.Move(file, destination, overwrite: true);
        }
    }
}
