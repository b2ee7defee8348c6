using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broadsheet.Backup;

/// <summary>
/// <c>manifest.json</c>, the first entry of a backup archive: what it holds and where it came from, so that a restore
/// can refuse the wrong archive before it touches anything.
/// </summary>
public sealed record BackupManifest
{
    public const string Format = "broadsheet-backup";
    public const int CurrentFormatVersion = 1;
    public const string EntryName = "manifest.json";
    public const string SqliteEntry = "database/broadsheet.db";
    public const string PostgresEntry = "database/broadsheet.pgdump";
    public const string MediaFolder = "media/";
    public const string KeysFolder = "keys/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [JsonPropertyName("format")]
    public string FormatName { get; init; } = Format;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The version of Broadsheet that made the backup.</summary>
    public required string AppVersion { get; init; }

    /// <summary><c>Sqlite</c> or <c>PostgreSQL</c>; a backup restores only into the same kind of database.</summary>
    public required string Provider { get; init; }

    public required DateTime CreatedAt { get; init; }

    /// <summary>The last migration applied to the database copied; a newer app applies its later ones when it starts.</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>The archive entry that holds the database.</summary>
    public required string Database { get; init; }

    public required BackupCounts Counts { get; init; }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BackupManifest? FromJson(Stream stream)
    {
        try
        {
            return JsonSerializer.Deserialize<BackupManifest>(stream, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record BackupCounts(long Articles, long Comments, long Pages, long MediaItems, long Accounts, long Subscribers, int MediaFiles, int KeyFiles)
{
    public string Summary() =>
        $"{Articles} articles, {Comments} comments, {Pages} pages, {MediaItems} media items, {Accounts} accounts, {Subscribers} subscribers; {MediaFiles} media files, {KeyFiles} key files";
}
