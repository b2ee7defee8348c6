using Broadsheet.Demo;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Broadsheet.Data;

public static class DataSetup
{
    /// <summary>How many statements each PostgreSQL connection prepares, the most used of those sent five times or more.</summary>
    internal const int AutoPrepared = 50;

    /// <summary>
    /// The app's PostgreSQL sessions, unless the connection string says otherwise:
    /// <list type="bullet">
    /// <item>count ten times PostgreSQL's default cost for starting parallel workers (<c>parallel_setup_cost=10000</c>,
    /// through <c>Options</c>). A page's queries read a few thousand rows, where the planner's default chose workers that
    /// cost more to start than they saved: at 100,000 articles, counting a 5,000-comment discussion took 49-52 ms with two
    /// workers and 4.2 ms without. A query that scans a large table can still get them (with none at all, a deep page of
    /// the comment queue slowed);</item>
    /// <item>prepare the statements they send most (Npgsql's automatic preparation, <c>Max Auto Prepare</c>, off in
    /// Npgsql by default): PostgreSQL then parses and plans a page's queries once per connection instead of on every
    /// request. An uncached demo article cost PostgreSQL 4.0 ms of CPU a render unprepared and 1.6 ms prepared.
    /// <c>Max Auto Prepare=0</c> turns it off (behind a pooler that cannot keep prepared statements).</item>
    /// </list>
    /// </summary>
    internal static string WithSessionDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.Options))
        {
            builder.Options = "-c parallel_setup_cost=10000";
        }

        if (!Names(connectionString, "maxautoprepare"))
        {
            builder.MaxAutoPrepare = AutoPrepared;
        }

        return builder.ConnectionString;
    }

    /// <summary>Whether the connection string sets <paramref name="key"/> (lowercase, without spaces), whatever its spelling.</summary>
    private static bool Names(string connectionString, string key) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase));

    public static WebApplicationBuilder AddBroadsheetData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(BroadsheetOptions.SectionName).Get<BroadsheetOptions>() ?? new();
        var provider = options.Database.Provider;
        if (provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = builder.Configuration.GetConnectionString("Broadsheet");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "Broadsheet:Database:Provider is PostgreSQL but ConnectionStrings:Broadsheet is empty. Set it, e.g. ConnectionStrings__Broadsheet=\"Host=127.0.0.1;Database=broadsheet;Username=broadsheet;Password=…\".");
            }

            connectionString = WithSessionDefaults(connectionString);
            builder.Services.AddDbContextPool<BroadsheetDb, PostgresBroadsheetDb>((services, o) =>
                ForMigrations(o.UseNpgsql(connectionString, npgsql => npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).AddInterceptors(services.GetServices<IInterceptor>())));
            builder.Services.AddSingleton(services => KeptStatements.ForPostgres(connectionString, services.GetServices<IStatementObserver>()));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            SqliteRuntime.Configure();
            var dataDir = Path.GetFullPath(options.DataDir, builder.Environment.ContentRootPath);
            Directory.CreateDirectory(dataDir);
            var connectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDir, "broadsheet.db"),
                Cache = Microsoft.Data.Sqlite.SqliteCacheMode.Private,
                Pooling = true,
            }.ToString();
            var synchronous = SqliteSynchronous.For(options.Database.SqliteSynchronous);
            builder.Services.AddDbContextPool<BroadsheetDb, SqliteBroadsheetDb>((services, o) =>
                ForMigrations(o.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)).AddInterceptors([.. services.GetServices<IInterceptor>(), synchronous])));
            builder.Services.AddSingleton(services => KeptStatements.ForSqlite(connectionString, services.GetServices<IStatementObserver>()));
        }
        else
        {
            throw new InvalidOperationException($"Unknown Broadsheet:Database:Provider '{provider}'. Use Sqlite or PostgreSQL.");
        }

        return builder;
    }

    /// <summary>
    /// Applies migrations (unless <c>Broadsheet:Database:MigrateAtStartup</c> is false) and, on an empty database, seeds
    /// the demo content (unless <paramref name="seedDemoContent"/> is false, as for a command: the site seeds it when it
    /// first starts). Returns false when migrations are left pending for the <c>migrate</c> command: nothing else is
    /// touched then, and readiness fails until they are applied.
    /// </summary>
    public static async Task<bool> InitializeDatabaseAsync(this WebApplication app, bool seedDemoContent = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var options = app.Configuration.GetSection(BroadsheetOptions.SectionName).Get<BroadsheetOptions>() ?? new();
        if (options.Database.MigrateAtStartup)
        {
            await MigrateAsync(db);
        }
        else if (await db.PendingMigrationsAsync() is { Count: > 0 } pending)
        {
            app.Logger.LogWarning(
                "The database has {Count} pending migration(s) and Broadsheet:Database:MigrateAtStartup is false: run the migrate command. Until then /healthz/ready answers 503.",
                pending.Count);
            return false;
        }

        if (db.Database.IsSqlite())
        {
            // synchronous=NORMAL is safe only in WAL mode; a restored backup comes in rollback-journal mode, and a site
            // that leaves migrations to the migrate command must not serve it that way.
            await UseWriteAheadLogAsync(db);
        }

        scope.ServiceProvider.GetRequiredService<MigrationState>().MarkUpToDate();
        await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().RefreshAsync(db);

        if (seedDemoContent && options.DemoContent && !await db.Articles.AnyAsync())
        {
            // Several nodes may start at once on an empty database: the first to take the lock seeds,
            // the others find articles and go on. (SQLite transactions here begin IMMEDIATE, which serializes writers.)
            await using var transaction = await db.Database.BeginTransactionAsync();
            if (db.Database.IsPostgres())
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(727274)");
            }

            if (!await db.Articles.AnyAsync())
            {
                var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                var calendar = scope.ServiceProvider.GetRequiredService<SiteCalendar>();
                await DemoContent.SeedAsync(db, time.GetUtcNow().UtcDateTime, calendar);
            }

            await transaction.CommitAsync();
        }

        return true;
    }

    /// <summary>
    /// The migrations not yet applied. On a database never migrated that is all of them, found without querying the
    /// missing history table (which EF Core would log as a failed command). The applied ones are read from the history
    /// table with plain SQL: EF Core's history repository first builds a model of that table through the model
    /// conventions, which nothing else in the app runs (the model is compiled), and whose first use cost a start of the
    /// site or a command about a tenth of its CPU on a database already up to date.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(this BroadsheetDb db, CancellationToken cancellationToken = default)
    {
        var applied = await AppliedMigrationsAsync(db, cancellationToken);
        return [.. db.Database.GetMigrations().Where(id => !applied.Contains(id))];
    }

    /// <summary>The ids in the history table (EF Core's default name and columns), none when it does not exist yet.</summary>
    private static async Task<HashSet<string>> AppliedMigrationsAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        const string History = HistoryRepository.DefaultTableName;
        var exists = db.Database.IsPostgres()
            ? $"SELECT to_regclass('\"{History}\"') IS NOT NULL"
            : $"SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{History}')";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = exists;
            if (await command.ExecuteScalarAsync(cancellationToken) is true or 1L)
            {
                command.CommandText = $"SELECT \"MigrationId\" FROM \"{History}\"";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return applied;
    }

    /// <summary>WAL lets readers go on while a writer commits; the setting is stored in the file.</summary>
    private static async Task UseWriteAheadLogAsync(BroadsheetDb db, CancellationToken cancellationToken = default) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    /// <summary>
    /// The model is compiled (<c>Data/CompiledModels</c>, found by EF Core through the assembly's
    /// <c>DbContextModel</c> attributes), so a context starts without running the model conventions. Migrating would
    /// still build the whole model from them, only to check that no model change lacks a migration: a third of a
    /// command's start-up. That check, and that the compiled models match the code, are made by the tests
    /// (<c>CompiledModelTests</c>) instead. Nor is a new site's operator warned, on its first start or command, that
    /// one of the SQLite migrations turns foreign keys off outside its transaction (SQLite ignores that pragma inside
    /// one, and the table rebuild around it needs it): a warning meant for whoever writes migrations, not runs them.
    /// The migrations are found without loading every type of the app (<see cref="AppMigrationsAssembly"/>).
    /// </summary>
    private static DbContextOptionsBuilder ForMigrations(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning, RelationalEventId.NonTransactionalMigrationOperationWarning))
            .ReplaceService<IMigrationsAssembly, AppMigrationsAssembly>();

    /// <summary>
    /// Applies every pending migration (EF Core holds a database lock meanwhile, so two runs never both apply one). A
    /// database already up to date, as at every start but the first after an upgrade, is left alone after two small queries.
    /// </summary>
    public static async Task MigrateAsync(BroadsheetDb db, CancellationToken cancellationToken = default)
    {
        IAsyncDisposable? fileLock = null;
        if (db.Database.IsSqlite())
        {
            await UseWriteAheadLogAsync(db, cancellationToken);
        }

        if ((await db.PendingMigrationsAsync(cancellationToken)).Count == 0)
        {
            return;
        }

        if (db.Database.IsSqlite())
        {
            var logger = db.GetService<ILoggerFactory>().CreateLogger(typeof(SqliteMigrationLock).FullName!);
            fileLock = await SqliteMigrationLock.TakeAsync(db, logger, cancellationToken);
        }

        try
        {
            // Creating the history table first keeps EF from logging a failed query against it on a new database.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            if (fileLock is not null)
            {
                await fileLock.DisposeAsync();
            }
        }
    }
}
