using System.Data.Common;
using System.Net;
using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The app for newsroom tests: a clock the test moves (so the scheduler's moments are the test's to choose
/// and no background tick runs unasked), and a counter of the SQL commands sent to the database.
/// </summary>
public class NewsroomApp : BroadsheetApp
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public SqlCommandCounter SqlCommands { get; } = new();

    // Every test client comes from 127.0.0.1: the sign-in rate limit has its own test (SignInRateLimitTests).
    public NewsroomApp() => Configure("Broadsheet:Accounts:SignInAttemptsPerMinute", "100000");

    public override string ProviderName => "Sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(provider =>
            {
                var requests = provider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
                SqlCommands.Counts = () => requests.HttpContext is not null;
                return SqlCommands;
            });
            // The statements SQLite keeps prepared (the article page's) count as commands too.
            services.AddSingleton<IStatementObserver>(provider =>
            {
                var requests = provider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
                SqlCommands.Counts = () => requests.HttpContext is not null;
                return SqlCommands;
            });
        });
    }

    /// <summary>Creates an account with the role and a known password.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(string role, string? name = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        const string password = "a long test passphrase";
        await WithDbAsync(async (_, services) =>
        {
            var result = await services.GetRequiredService<NewsroomAccounts>().CreateAsync(email, name ?? $"{role} {Guid.NewGuid().ToString("N")[..6]}", role, password);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            return 0;
        });
        return (email, password);
    }

    /// <summary>SQLite's plan of a recorded command, step by step.</summary>
    public Task<List<string>> SqlitePlanAsync(RecordedCommand command) => WithDbAsync(async (db, _) =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            var parameter = explain.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value ?? DBNull.Value);
            explain.Parameters.Add(parameter);
        }

        var steps = new List<string>();
        await using var rows = await explain.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            steps.Add(rows.GetString(3));
        }

        return steps;
    });

    /// <summary>A client signed in as a new member with the role.</summary>
    public async Task<NewsroomClient> SignInAsNewAsync(string role, string? name = null)
    {
        var (email, password) = await CreateUserAsync(role, name);
        return await NewsroomClient.SignInAsync(CreateHttpClient(), email, password);
    }
}

/// <summary>An HTTP client for newsroom forms: it reads the antiforgery token from the form page like a browser.</summary>
public sealed partial class NewsroomClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>Signs in through the sign-in form; the client keeps the session cookie.</summary>
    public static async Task<NewsroomClient> SignInAsync(HttpClient http, string email, string password)
    {
        var client = new NewsroomClient(http) { Email = email, Password = password };
        using var response = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/newsroom", response.Headers.Location?.OriginalString);
        return client;
    }

    public async Task<string> GetTokenAsync(string formPath)
    {
        var html = await Http.GetStringAsync(formPath);
        return TokenPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new Xunit.Sdk.XunitException($"No antiforgery token on {formPath}");
    }

    /// <summary>GETs the form page for its token, then POSTs the fields to <paramref name="path"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? formPath = null) =>
        PostFormAsync(path, (IEnumerable<KeyValuePair<string, string>>)fields, formPath ?? StripQuery(path));

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string formPath)
    {
        var token = await GetTokenAsync(formPath);
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await Http.PostAsync(path, content);
    }

    private static string StripQuery(string path) => path.Split('?')[0];

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>Counts the SQL commands the app sends, to catch N+1 queries.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor, IStatementObserver
{
    void IStatementObserver.Executed(string sql) => Add(sql, null);

    private readonly System.Collections.Concurrent.ConcurrentQueue<RecordedCommand> recorded = new();
    private int count;
    private volatile bool recording;

    public int Count => Volatile.Read(ref count);

    /// <summary>
    /// Whether a command counts; set by the app to "inside an HTTP request", so that the background workers
    /// (the mail sender, the mailing worker, the publication watcher) do not add to a page's count at random.
    /// </summary>
    public Func<bool> Counts { get; set; } = () => true;

    public void Reset() => Interlocked.Exchange(ref count, 0);

    /// <summary>Keeps the text and parameters of every command that counts from now on, for <see cref="Recorded"/>.</summary>
    public void Record()
    {
        recorded.Clear();
        recording = true;
    }

    /// <summary>The commands kept since <see cref="Record"/>; recording stops.</summary>
    public IReadOnlyList<RecordedCommand> Recorded()
    {
        recording = false;
        return [.. recorded];
    }

    private void Add(DbCommand command) => Add(command.CommandText, command);

    /// <summary>Counts a command; its parameters are copied only while recording (a kept statement has none here).</summary>
    private void Add(string sql, DbCommand? command)
    {
        if (Counts())
        {
            Interlocked.Increment(ref count);
            if (recording)
            {
                recorded.Enqueue(new(sql, command is null ? [] : [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value))]));
            }
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Add(command);
        return base.ReaderExecuting(command, eventData, result);
    }
}

/// <summary>A SQL command as it was sent: its text, and its parameters' names and values.</summary>
public sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>The newsroom app on PostgreSQL.</summary>
public sealed class PostgresNewsroomApp : NewsroomApp
{
    public PostgresNewsroomApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}
