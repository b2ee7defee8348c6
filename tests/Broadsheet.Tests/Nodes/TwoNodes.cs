using System.Net;
using System.Security.Cryptography;
using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Nodes;

/// <summary>
/// Two real app processes, node A and node B, on two ports, as two machines behind a load balancer: one fresh
/// PostgreSQL database, optionally one Redis server of their own (a test may stop and start it), an SMTP server in
/// the test process, each node its own data folder, the same key-encryption key, demo content on. One pair per test
/// collection: each start costs seconds.
/// </summary>
public abstract class TwoNodes : IAsyncLifetime
{
    public const string Password = "a long test passphrase";

    private readonly string root = Directory.CreateTempSubdirectory("broadsheet-nodes-").FullName;
    private readonly string keyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly PostgresTestDatabase database = new();

    // The anti-spam secrets every node behind one address must share (Broadsheet:Spam), as an operator sets them.
    private readonly string challengeSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    private readonly string keySecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <param name="redis">Whether the nodes share a Redis server (<c>ConnectionStrings:Redis</c>).</param>
    /// <param name="sharedMediaFolder">Whether media is kept in one folder both nodes reach, rather than in the database.</param>
    protected TwoNodes(bool redis, bool sharedMediaFolder)
    {
        UsesRedis = redis;
        SharedMediaFolder = sharedMediaFolder;
    }

    public bool UsesRedis { get; }
    public bool SharedMediaFolder { get; }

    public AppProcess A { get; private set; } = null!;
    public AppProcess B { get; private set; } = null!;

    /// <summary>The Redis server both nodes use (null without Redis); <see cref="RedisTestServer.StopAsync"/> is an outage.</summary>
    public RedisTestServer? Redis { get; private set; }

    public SmtpTestServer Smtp { get; } = SmtpTestServer.Start();

    /// <summary>An Administrator both nodes know.</summary>
    public string Email { get; } = "desk@example.org";

    public async Task InitializeAsync()
    {
        await database.CreateAsync();
        if (UsesRedis)
        {
            Redis = await RedisTestServer.StartNewAsync();
        }

        // A command creates the schema (as the deploy step would) and the Administrator; then whatever the
        // collection needs goes straight into the database before the nodes start.
        var created = await AppProcess.RunCommandAsync(Settings("a"), Password,
            "users", "create", "--email", Email, "--name", "Desk Editor", "--role", "Administrator");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        await SeedAsync();

        // One after the other: the first seeds the demo content into the empty database.
        A = await AppProcess.StartAsync(Settings("a"));
        B = await AppProcess.StartAsync(Settings("b"));
    }

    /// <summary>Rows a collection needs before the nodes start (subscribers by the thousand).</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Settings both nodes share, beyond the common ones.</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    /// <summary>The configuration of node <paramref name="node"/> ("a" or "b").</summary>
    public Dictionary<string, string> Settings(string node)
    {
        var settings = new Dictionary<string, string>(CommentApp.CommentSettings)
        {
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            // The tests read what the scheduled-publication watcher did from its log.
            ["Logging:LogLevel:Broadsheet.Articles.PublicationWatcher"] = "Information",
            ["Broadsheet:NodeName"] = "node-" + node,
            ["Broadsheet:DataDir"] = Path.Combine(root, "node-" + node),
            ["Broadsheet:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Broadsheet"] = database.ConnectionString,
            ["Broadsheet:DataProtection:KeyEncryptionKey"] = keyEncryptionKey,
            ["Broadsheet:Mail:From"] = "Gazette <news@gazette.example>",
            ["Broadsheet:Accounts:SignInAttemptsPerMinute"] = "100000",
            // The processes run on the real clock, where a reader's writing time cannot be simulated.
            ["Broadsheet:Comments:MinimumFillTime"] = "00:00:00",
            ["Broadsheet:Spam:ChallengeSecret"] = challengeSecret,
            ["Broadsheet:Spam:KeySecret"] = keySecret,
            ["Broadsheet:Media:Store"] = SharedMediaFolder ? "FileSystem" : "Database",
        };
        if (SharedMediaFolder)
        {
            settings["Broadsheet:Media:Folder"] = Path.Combine(root, "shared-media");
        }

        if (Redis is not null)
        {
            settings["ConnectionStrings:Redis"] = Redis.ConnectionString;
        }

        foreach (var (key, value) in Smtp.AppSettings())
        {
            settings[key] = value!;
        }

        Configure(settings);
        return settings;
    }

    /// <summary>The shared database, for a test to read or to write past both nodes.</summary>
    public BroadsheetDb OpenDb() =>
        new PostgresBroadsheetDb(new DbContextOptionsBuilder<PostgresBroadsheetDb>().UseNpgsql(database.ConnectionString).Options);

    /// <summary>Starts node A again if a test killed it, so every test begins with both nodes serving.</summary>
    public async Task EnsureBothRunningAsync()
    {
        if (A.HasExited)
        {
            await A.DisposeAsync();
            A = await AppProcess.StartAsync(Settings("a"));
        }

        if (B.HasExited)
        {
            await B.DisposeAsync();
            B = await AppProcess.StartAsync(Settings("b"));
        }
    }

    /// <summary>A member signed in on <paramref name="node"/>, with cookies a test may carry to the other node.</summary>
    public static Task<NewsroomClient> SignInAsync(AppProcess node, string email, CookieContainer? cookies = null) =>
        NewsroomClient.SignInAsync(node.CreateHttpClient(cookies), email, Password);

    /// <summary>How many errors each node has logged so far, for <see cref="AssertNoErrorsSince"/>.</summary>
    public (int A, int B) ErrorMarks => (A.Errors.Count, B.Errors.Count);

    /// <summary>Fails with what the nodes logged if either logged an error since <paramref name="marks"/> (one test's own).</summary>
    public void AssertNoErrorsSince((int A, int B) marks)
    {
        foreach (var (name, node, mark) in new[] { ("A", A, marks.A), ("B", B, marks.B) })
        {
            var errors = node.Errors.Skip(mark).ToList();
            Assert.True(errors.Count == 0, $"Node {name} logged errors:\n" + string.Join("\n", errors));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { A, B })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await database.DropAsync();
        Directory.Delete(root, recursive: true);
    }
}
