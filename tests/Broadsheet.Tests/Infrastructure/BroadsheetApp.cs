using System.Collections.Concurrent;
using Broadsheet.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (a real port on 127.0.0.1) with its own fresh database and data folder.
/// One per test class: tests that change data create their own articles, so they never depend on each other.
/// </summary>
public abstract class BroadsheetApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> settings = new();

    protected BroadsheetApp()
    {
        DataDir = Directory.CreateTempSubdirectory("broadsheet-test-").FullName;
        settings["Broadsheet:DataDir"] = DataDir;
        settings["Broadsheet:DemoContent"] = "true";
        settings["Logging:LogLevel:Default"] = "Warning";
        // Dozens of these apps share the test process, whose native heap passes a gigabyte: trimming it every 5 s held
        // the allocator's locks for long stretches. NativeMemoryTrimTests and the real program's processes trim.
        settings["Broadsheet:Memory:TrimSeconds"] = "0";
        settings["Broadsheet:Site:PageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        UseKestrel(0);
    }

    /// <summary>Small, so that the demo content spans several pages of every list.</summary>
    public const int PageSize = 5;

    public string DataDir { get; }
    public ErrorLog Errors { get; } = new();
    public abstract string ProviderName { get; }

    public Uri BaseAddress
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Delivers every message that is due now (the app's sender would do it within a second; this makes the moment
    /// certain). Returns when a round finds nothing more to send.
    /// </summary>
    public async Task DeliverMailAsync()
    {
        var sender = Services.GetRequiredService<Broadsheet.Mail.OutboxSender>();
        while (await sender.DeliverDueAsync() > 0)
        {
        }
    }

    /// <summary>Sets a configuration value of the app, as appsettings.json or the command line would; call it from a constructor, before the app starts.</summary>
    protected void Configure(string key, string? value) => settings[key] = value;

    private PostgresTestDatabase? postgres;
    private bool ownsPostgres = true;

    /// <summary>The PostgreSQL database the app runs on, if any.</summary>
    public PostgresTestDatabase? Postgres => postgres;

    /// <summary>Runs the app on another app's PostgreSQL database, as a second node of one site; the other app creates and drops it.</summary>
    protected void UsePostgres(PostgresTestDatabase shared)
    {
        postgres = shared;
        ownsPostgres = false;
        Configure("Broadsheet:Database:Provider", "PostgreSQL");
        Configure("ConnectionStrings:Broadsheet", shared.ConnectionString);
    }

    /// <summary>Runs the app on a fresh PostgreSQL database (see <see cref="PostgresTestDatabase"/>).</summary>
    protected void UsePostgres()
    {
        postgres = new PostgresTestDatabase();
        Configure("Broadsheet:Database:Provider", "PostgreSQL");
        Configure("ConnectionStrings:Broadsheet", postgres.ConnectionString);
    }

    public virtual async Task InitializeAsync()
    {
        if (postgres is not null && ownsPostgres)
        {
            await postgres.CreateAsync();
        }

        await BeforeStartAsync();
        StartServer();
        await AssertDatabaseAsync();
    }

    /// <summary>Runs once the database exists and before the app starts on it (to fill it from outside, as a command would).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>
    /// Fails the class when the app does not run on the database the class claims: were the provider setting
    /// to stop applying, a PostgreSQL class would otherwise pass on SQLite and prove nothing about PostgreSQL.
    /// </summary>
    private async Task AssertDatabaseAsync()
    {
        var (provider, database) = await WithDbAsync((db, _) =>
        {
            var connection = db.Database.GetDbConnection();
            var inUse = db.Database.IsNpgsql() ? ("PostgreSQL", connection.Database)
                : db.Database.IsSqlite() ? ("Sqlite", Path.GetFullPath(connection.DataSource))
                : (db.Database.ProviderName ?? "none", "");
            return Task.FromResult(inUse);
        });
        var expected = ProviderName == "PostgreSQL"
            ? postgres?.Name
            : Path.GetFullPath(Path.Combine(settings["Broadsheet:DataDir"]!, "broadsheet.db"));
        if (provider != ProviderName || database != expected)
        {
            throw new InvalidOperationException(
                $"{GetType().Name} claims {ProviderName} ({expected ?? "no database"}), but the app runs on {provider} ({database}).");
        }
    }

    public HttpClient CreateHttpClient(bool followRedirects = false)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = followRedirects, AutomaticDecompression = System.Net.DecompressionMethods.None };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    /// <summary>Runs code against the app's own database in a fresh scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<BroadsheetDb, IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BroadsheetDb>(), scope.ServiceProvider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, FaultInjection>();
            // Hundreds of sign-ins per run: Identity's 100,000 PBKDF2 rounds made a fifth of the test host's CPU in
            // the newsroom tests. The same hasher with fewer rounds checks the same things; a hash keeps its own
            // count, so the users the command line creates at full strength sign in here as well.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000);
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (postgres is not null && ownsPostgres)
        {
            await postgres.DropAsync();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalizing connection; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>A path that throws, so tests can see the reader-facing 500 page. It sits behind the app's own middleware.</summary>
    private sealed class FaultInjection : IStartupFilter
    {
        public const string Path = "/__test/throw";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, nextMiddleware) => context.Request.Path == Path
                ? throw new InvalidOperationException("Injected failure with secret detail XYZZY-42")
                : nextMiddleware(context));
        };
    }
}

/// <summary>Collects error-level log entries so a test fails when the app logged an error it did not expect.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => entries;

    public void Clear() => entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.entries.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}

public sealed class SqliteApp : BroadsheetApp
{
    public override string ProviderName => "Sqlite";
}

/// <summary>The app on a fresh PostgreSQL database (see <see cref="BroadsheetApp.UsePostgres"/>).</summary>
public sealed class PostgresApp : BroadsheetApp
{
    public PostgresApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}
