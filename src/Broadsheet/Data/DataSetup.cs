using Broadsheet.Demo;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Broadsheet.Data;

public static class DataSetup
{
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

            builder.Services.AddDbContextPool<BroadsheetDb, PostgresBroadsheetDb>((services, o) =>
                o.UseNpgsql(connectionString).AddInterceptors(services.GetServices<IInterceptor>()));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var dataDir = Path.GetFullPath(options.DataDir, builder.Environment.ContentRootPath);
            Directory.CreateDirectory(dataDir);
            var connectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDir, "broadsheet.db"),
                Cache = Microsoft.Data.Sqlite.SqliteCacheMode.Private,
                Pooling = true,
            }.ToString();
            builder.Services.AddDbContextPool<BroadsheetDb, SqliteBroadsheetDb>((services, o) =>
                o.UseSqlite(connectionString).AddInterceptors(services.GetServices<IInterceptor>()));
        }
        else
        {
            throw new InvalidOperationException($"Unknown Broadsheet:Database:Provider '{provider}'. Use Sqlite or PostgreSQL.");
        }

        return builder;
    }

    /// <summary>Applies migrations and, on an empty database, seeds the demo content (unless <paramref name="seedDemoContent"/> is false, as for a command: the site seeds it when it first starts).</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, bool seedDemoContent = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        // Creating the history table first keeps EF from logging a failed query against it on a new database.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await db.Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<SiteSettingsStore>().RefreshAsync(db);

        var options = app.Configuration.GetSection(BroadsheetOptions.SectionName).Get<BroadsheetOptions>() ?? new();
        if (seedDemoContent && options.DemoContent && !await db.Articles.AnyAsync())
        {
            // Several nodes may start at once on an empty database: the first to take the lock seeds,
            // the others find articles and go on. (SQLite transactions here begin IMMEDIATE, which serializes writers.)
            await using var transaction = await db.Database.BeginTransactionAsync();
            if (db.Database.IsNpgsql())
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
    }
}
