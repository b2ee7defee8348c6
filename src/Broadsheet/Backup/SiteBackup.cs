using System.Formats.Tar;
using System.IO.Compression;
using Broadsheet.Data;
using Broadsheet.Export;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Broadsheet.Backup;

/// <summary>
/// <c>backup FILE</c>: one .tar.gz with a manifest, a consistent copy of the database taken while the site goes on
/// taking writes (SQLite's online backup; pg_dump in a snapshot on PostgreSQL), the media folder (media kept in the database are in its copy) and the key files.
/// </summary>
public sealed class SiteBackup(BroadsheetDb db, IOptions<BroadsheetOptions> options, MediaFolder mediaFolder, PostgresTools tools, TimeProvider time)
{
    public sealed record Outcome(string? Problem, BackupManifest? Manifest = null, long Bytes = 0);

    private string DataDir => options.Value.DataDir;

    public async Task<Outcome> CreateAsync(string archivePath, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("broadsheet-backup-");
        try
        {
            var partial = archivePath + ".partial";
            // The database first, then the files: every media item in the copy already has its file on disk.
            var (database, manifestOf) = db.Database.IsPostgres()
                ? await DumpPostgresAsync(work.FullName, cancellationToken)
                : await CopySqliteAsync(work.FullName, cancellationToken);
            if (database is null)
            {
                return new Outcome(manifestOf.Problem);
            }

            var media = FilesUnder(mediaFolder.Root);
            var keys = FilesUnder(Path.Combine(DataDir, "keys"));
            var manifest = await manifestOf.Read!(media.Count, keys.Count);

            Directory.CreateDirectory(Path.GetDirectoryName(archivePath)!);
            var secret = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows())
            {
                // The archive holds the keys and every account's password hash: only its owner may read it.
                secret.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(partial, secret))
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                await using (var manifestStream = new MemoryStream(manifest.ToJson()))
                {
                    await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName) { DataStream = manifestStream }, cancellationToken);
                }

                await tar.WriteEntryAsync(database, manifest.Database, cancellationToken);
                await WriteFilesAsync(tar, mediaFolder.Root, BackupManifest.MediaFolder, media, cancellationToken);
                await WriteFilesAsync(tar, Path.Combine(DataDir, "keys"), BackupManifest.KeysFolder, keys, cancellationToken);
            }

            File.Move(partial, archivePath, overwrite: true);
            return new Outcome(null, manifest, new FileInfo(archivePath).Length);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private sealed record ManifestSource(string? Problem, Func<int, int, Task<BackupManifest>>? Read);

    private async Task<(string? Database, ManifestSource Manifest)> CopySqliteAsync(string work, CancellationToken cancellationToken)
    {
        var live = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        if (!File.Exists(live.DataSource))
        {
            return (null, new ManifestSource($"There is no database at {live.DataSource}: nothing to back up. Is --Broadsheet:DataDir right?", null));
        }

        live.Mode = SqliteOpenMode.ReadWrite;
        var copyPath = Path.Combine(work, "broadsheet.db");
        var copy = new SqliteConnectionStringBuilder { DataSource = copyPath, Pooling = false }.ToString();
        await using (var source = new SqliteConnection(live.ToString()))
        await using (var destination = new SqliteConnection(copy))
        {
            await source.OpenAsync(cancellationToken);
            await destination.OpenAsync(cancellationToken);
            // SQLite's online backup API copies every page inside one read transaction: a consistent copy while the
            // site keeps writing (in WAL mode its writers are not even held up).
            source.BackupDatabase(destination);
            await using var single = destination.CreateCommand();
            // One self-contained file in the archive; the site turns WAL back on when it starts.
            single.CommandText = "PRAGMA journal_mode=DELETE;";
            await single.ExecuteNonQueryAsync(cancellationToken);
        }

        return (copyPath, new ManifestSource(null, async (media, keys) =>
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copyPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            var (counts, schema) = await DatabaseFacts.ReadAsync(connection, null, db.Model, media, keys, cancellationToken);
            return Manifest("Sqlite", BackupManifest.SqliteEntry, counts, schema);
        }));
    }

    private async Task<(string? Database, ManifestSource Manifest)> DumpPostgresAsync(string work, CancellationToken cancellationToken)
    {
        var pgDump = tools.Find("pg_dump", out var missing);
        if (pgDump is null)
        {
            return (null, new ManifestSource(missing, null));
        }

        var connectionString = db.Database.GetConnectionString()!;
        var dumpPath = Path.Combine(work, "broadsheet.pgdump");
        // The counts and pg_dump read one snapshot: exported here, imported by pg_dump, held until it is done.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var export = connection.CreateCommand();
        export.Transaction = snapshot;
        export.CommandText = "SELECT pg_export_snapshot()";
        var snapshotId = (string)(await export.ExecuteScalarAsync(cancellationToken))!;

        var (exitCode, error) = await PostgresTools.RunAsync(pgDump, connectionString,
            ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshotId}", $"--file={dumpPath}"], cancellationToken);
        if (exitCode != 0)
        {
            return (null, new ManifestSource($"pg_dump failed (exit code {exitCode}): {error}", null));
        }

        var (counts, schema) = await DatabaseFacts.ReadAsync(connection, snapshot, db.Model, 0, 0, cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        return (dumpPath, new ManifestSource(null, (media, keys) =>
            Task.FromResult(Manifest("PostgreSQL", BackupManifest.PostgresEntry, counts with { MediaFiles = counts.MediaFiles + media, KeyFiles = keys }, schema))));
    }

    private BackupManifest Manifest(string provider, string entry, BackupCounts counts, string? schema) => new()
    {
        AppVersion = JsonSiteExport.Version(),
        Provider = provider,
        CreatedAt = time.GetUtcNow().UtcDateTime,
        SchemaVersion = schema,
        Database = entry,
        Counts = counts,
    };

    private static List<string> FilesUnder(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [];

    private static async Task WriteFilesAsync(TarWriter tar, string root, string prefix, List<string> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            var name = prefix + Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            await tar.WriteEntryAsync(file, name, cancellationToken);
        }
    }
}
