using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Broadsheet.Search;

/// <summary>
/// Writes articles' search documents. Callers run it inside the transaction that changed the articles (see
/// <see cref="SearchIndexTracker"/>), so the index never disagrees with what was committed. On SQLite the document
/// table's triggers update the FTS5 index; on PostgreSQL the upsert computes the weighted tsvector itself.
/// </summary>
public static class SearchIndex
{
    private const int Batch = 500;

    private static readonly ConcurrentDictionary<string, string> Configurations = new(StringComparer.Ordinal);

    /// <summary>Writes (or rewrites) the documents of these articles; ids of deleted articles are skipped.</summary>
    public static async Task UpdateAsync(BroadsheetDb db, IReadOnlyCollection<int> articleIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in articleIds.Distinct().Chunk(Batch))
        {
            await WriteAsync(db, chunk, overwrite: true, cancellationToken);
        }
    }

    /// <summary>
    /// Indexes the articles that have no document yet (a site that existed before search), a batch per transaction.
    /// Never overwrites a document: one written meanwhile by an edit is newer. Returns how many it indexed.
    /// </summary>
    public static async Task<int> IndexMissingAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var ids = await db.Articles.AsNoTracking()
                .Where(a => !db.ArticleSearchDocuments.Any(d => d.ArticleId == a.Id))
                .OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await WriteAsync(db, ids, overwrite: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += ids.Count;
        }
    }

    /// <summary>
    /// Rewrites every article's document, a batch per transaction; <paramref name="progress"/> hears the count done. On
    /// PostgreSQL it then records the text search configuration the documents were written with (see
    /// <see cref="RecordedConfigurationAsync"/>).
    /// </summary>
    public static async Task<int> RebuildAsync(BroadsheetDb db, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var configuration = db.Database.IsPostgres() ? await TextSearchConfigurationAsync(db, cancellationToken) : null;
        var total = await db.Articles.CountAsync(cancellationToken);
        var done = 0;
        var after = 0;
        progress?.Report((0, total));
        while (true)
        {
            var ids = await db.Articles.AsNoTracking().Where(a => a.Id > after).OrderBy(a => a.Id)
                .Select(a => a.Id).Take(Batch).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await WriteAsync(db, ids, overwrite: true, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            after = ids[^1];
            done += ids.Count;
            progress?.Report((done, Math.Max(total, done)));
        }

        if (configuration is not null)
        {
            await RecordConfigurationAsync(db, configuration, cancellationToken);
        }

        // Documents of articles that no longer exist cannot remain (the foreign key cascades), so the count is the index's size.
        return done;
    }

    /// <summary>What the documents table's comment starts with, before the configuration's name.</summary>
    private const string ConfigurationComment = "Search documents written with the text search configuration ";

    /// <summary>
    /// PostgreSQL: the text search configuration every document was last rewritten with, kept as the documents table's
    /// comment (so it travels with a dump of the database); null when none was recorded yet.
    /// </summary>
    public static async Task<string?> RecordedConfigurationAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var comment = (await db.Database.SqlQueryRaw<string>(
            "SELECT obj_description('\"ArticleSearchDocuments\"'::regclass, 'pg_class') AS \"Value\"").ToListAsync(cancellationToken)).SingleOrDefault();
        return comment is not null && comment.StartsWith(ConfigurationComment, StringComparison.Ordinal) ? comment[ConfigurationComment.Length..] : null;
    }

    /// <summary>PostgreSQL: records <paramref name="configuration"/> (a name from <see cref="TextSearchConfigurationAsync"/>) as the documents'.</summary>
    public static async Task RecordConfigurationAsync(BroadsheetDb db, string configuration, CancellationToken cancellationToken)
    {
        if (!configuration.All(char.IsAsciiLetterLower))
        {
            throw new ArgumentException("A text search configuration's name is lower-case letters.", nameof(configuration));
        }

        // COMMENT takes no parameters; the name was checked above.
#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync($"COMMENT ON TABLE \"ArticleSearchDocuments\" IS '{ConfigurationComment}{configuration}'", cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>The PostgreSQL text search configuration for the site's language: its stemmer and stop words, or 'simple'.</summary>
    public static async Task<string> TextSearchConfigurationAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var language = Language(db);
        if (Configurations.TryGetValue(language, out var known))
        {
            return known;
        }

        var name = language switch
        {
            "en" => "english", "de" => "german", "fr" => "french", "es" => "spanish", "it" => "italian", "nl" => "dutch",
            "pt" => "portuguese", "sv" => "swedish", "da" => "danish", "nb" or "nn" or "no" => "norwegian", "fi" => "finnish",
            "ru" => "russian", "hu" => "hungarian", "ro" => "romanian", "tr" => "turkish", "ar" => "arabic", "el" => "greek",
            "id" => "indonesian", "ga" => "irish", "lt" => "lithuanian", "ne" => "nepali", "sr" => "serbian", "ta" => "tamil",
            "hy" => "armenian", "eu" => "basque", "ca" => "catalan", "hi" => "hindi", "yi" => "yiddish",
            _ => "simple",
        };
        var exists = await db.Database.SqlQueryRaw<string>("SELECT cfgname::text AS \"Value\" FROM pg_ts_config WHERE cfgname = {0}", name)
            .AnyAsync(cancellationToken);
        var chosen = exists ? name : "simple";
        Configurations[language] = chosen;
        return chosen;
    }

    private static string Language(BroadsheetDb db)
    {
        // The context is pooled, so the site's calendar (a singleton that follows the saved settings) comes from the app's services.
        var services = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        var culture = services?.GetService<SiteCalendar>()?.Culture;
        return culture?.TwoLetterISOLanguageName.ToLowerInvariant() ?? "en";
    }

    private sealed record Source(int Id, string Headline, string? Standfirst, string Body, Articles.BodyFormat BodyFormat, List<string> Tags, List<string> Authors);

    private static async Task WriteAsync(BroadsheetDb db, IReadOnlyCollection<int> ids, bool overwrite, CancellationToken cancellationToken)
    {
        var sources = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new Source(a.Id, a.Headline, a.Standfirst, a.Body, a.BodyFormat,
                a.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
                a.Bylines.OrderBy(b => b.Position).Select(b => b.Author.Name).ToList()))
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        if (sources.Count == 0)
        {
            return;
        }

        var postgres = db.Database.IsPostgres();
        var configuration = postgres ? await TextSearchConfigurationAsync(db, cancellationToken) : null;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = postgres ? PostgresUpsert(overwrite) : SqliteUpsert(overwrite);
        var id = Add(command, "id", DbType.Int32);
        var headline = Add(command, "headline", DbType.String);
        var standfirst = Add(command, "standfirst", DbType.String);
        var body = Add(command, "body", DbType.String);
        var tags = Add(command, "tags", DbType.String);
        var authors = Add(command, "authors", DbType.String);
        if (postgres)
        {
            Add(command, "cfg", DbType.String).Value = configuration;
        }

        foreach (var source in sources)
        {
            id.Value = source.Id;
            headline.Value = SearchText.Clean(source.Headline);
            standfirst.Value = SearchText.Clean(source.Standfirst);
            body.Value = SearchText.FromBody(source.Body, source.BodyFormat);
            tags.Value = SearchText.Clean(string.Join(' ', source.Tags));
            authors.Value = SearchText.Clean(string.Join(' ', source.Authors));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Add(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static string SqliteUpsert(bool overwrite) => $"""
        INSERT INTO "ArticleSearchDocuments" ("ArticleId", "Headline", "Standfirst", "Body", "Tags", "Authors")
        VALUES (@id, @headline, @standfirst, @body, @tags, @authors)
        ON CONFLICT ("ArticleId") DO {(overwrite ? """
            UPDATE SET "Headline" = excluded."Headline", "Standfirst" = excluded."Standfirst", "Body" = excluded."Body",
                "Tags" = excluded."Tags", "Authors" = excluded."Authors"
            """ : "NOTHING")}
        """;

    private static string PostgresUpsert(bool overwrite) => $"""
        INSERT INTO "ArticleSearchDocuments" ("ArticleId", "Headline", "Standfirst", "Body", "Tags", "Authors", "SearchVector")
        VALUES (@id, @headline, @standfirst, @body, @tags, @authors,
            setweight(to_tsvector(@cfg::regconfig, @headline), 'A')
            || setweight(to_tsvector(@cfg::regconfig, @standfirst), 'B')
            || setweight(to_tsvector(@cfg::regconfig, @tags || ' ' || @authors), 'C')
            || setweight(to_tsvector(@cfg::regconfig, @body), 'D'))
        ON CONFLICT ("ArticleId") DO {(overwrite ? """
            UPDATE SET "Headline" = excluded."Headline", "Standfirst" = excluded."Standfirst", "Body" = excluded."Body",
                "Tags" = excluded."Tags", "Authors" = excluded."Authors", "SearchVector" = excluded."SearchVector"
            """ : "NOTHING")}
        """;
}
