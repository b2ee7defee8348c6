using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

// Usage: MailBench APP_DLL [SUBSCRIBERS[,SUBSCRIBERS…]]
// For each count: a fresh data folder, that many confirmed subscribers and an article scheduled a few seconds
// ahead; the app (a process of its own) publishes it, alerts everyone through its outbox, and we time the
// mailing from the publication moment to the last message accepted by the sink, sampling the app's memory.
var appDll = Path.GetFullPath(args.Length > 0 ? args[0] : throw new ArgumentException("Pass the path of Broadsheet.dll."));
var counts = (args.Length > 1 ? args[1] : "10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

var progress = Environment.GetEnvironmentVariable("BENCH_PROGRESS") == "1";
var sink = new Sink();
var smtpPort = FreePort();
var sinkServices = new ServiceProvider();
sinkServices.Add(sink);
sinkServices.Add(new Broadsheet.Tests.Infrastructure.NoDelayListeners());
var smtp = new SmtpServer.SmtpServer(
    new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, smtpPort))).Build(),
    sinkServices);
using var stop = new CancellationTokenSource();
var smtpTask = smtp.StartAsync(stop.Token);

Console.WriteLine("| target | subscribers | delivered | seconds | messages/s | sender CPU per message (ms) | sender RSS before / peak (MB) |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var count in counts)
{
    sink.Reset();
    var dataDir = Directory.CreateTempSubdirectory("broadsheet-mailbench-").FullName;
    try
    {
        var settings = new Dictionary<string, string>
        {
            ["Broadsheet:DataDir"] = dataDir,
            ["Broadsheet:DemoContent"] = "false",
            ["Broadsheet:Mail:From"] = "Gazette <news@gazette.example>",
            ["Broadsheet:Mail:Smtp:Host"] = "127.0.0.1",
            ["Broadsheet:Mail:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Broadsheet:Mail:Smtp:Security"] = "None",
            ["Broadsheet:Site:BaseUrl"] = "https://gazette.example",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // Extra settings for experiments: BENCH_SETTINGS="Broadsheet:Mail:BatchSize=500;Broadsheet:Mail:Smtp:MaxConnections=4".
        foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_SETTINGS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            settings[parts[0]] = parts[1];
        }

        await RunToEndAsync(appDll, settings, "users", "list");
        var publishAt = await PrepareAsync(dataDir, count);

        var appPort = FreePort();
        using var app = Start(appDll, settings, "--urls", $"http://127.0.0.1:{appPort}");
        try
        {
            await WaitUntilAnsweringAsync(appPort);
            var rssBefore = Rss(app.Id);
            var ticksBefore = CpuTicks(app.Id);
            var ownTicksBefore = CpuTicks(Environment.ProcessId);
            var peak = rssBefore;
            var nextReport = DateTime.UtcNow;
            while (sink.Count < count)
            {
                // Progress only on request: its database reads would count as the sink's CPU below.
                if (progress && DateTime.UtcNow >= nextReport)
                {
                    nextReport = DateTime.UtcNow.AddSeconds(2);
                    Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] received {sink.Count}, outbox: {await OutboxStateAsync(dataDir)}");
                }

                if (app.HasExited)
                {
                    throw new InvalidOperationException("The app stopped during the mailing.");
                }

                if (DateTime.UtcNow > publishAt.AddMinutes(5))
                {
                    throw new TimeoutException($"Only {sink.Count} of {count} messages arrived within five minutes.");
                }

                peak = Math.Max(peak, Rss(app.Id));
                await Task.Delay(50);
            }

            // From the moment the article went live (its alert job was queued in the same transaction) to the
            // last message accepted; the publication watcher looks for due articles every 5 s before that.
            var wentLive = await WentLiveAsync(dataDir);
            var seconds = (sink.LastAt - wentLive).TotalSeconds;
            var cpuMs = (CpuTicks(app.Id) - ticksBefore) * 1000.0 / 100 / count;
            // What the sink cost a message meanwhile, for comparison with the baseline's figure.
            var sinkMs = (CpuTicks(Environment.ProcessId) - ownTicksBefore) * 1000.0 / 100 / count;
            var messageBytes = (int)(sink.Bytes / Math.Max(1, sink.Count));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| app: publish, fan out, outbox, MailKit | {count:N0} | {sink.Count:N0} | {seconds:F1} | {count / seconds:N0} | {cpuMs:F2} (sink: {sinkMs:F2}) | {rssBefore / 1024.0:F0} / {peak / 1024.0:F0} |"));
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();

            // The baseline, in the same run: MailKit alone sends as many ready-made messages of the same size over
            // the same number of connections to the same sink, with no database, rendering or outbox.
            sink.Reset();
            var baselineTicks = CpuTicks(Environment.ProcessId);
            var started = DateTime.UtcNow;
            await BaselineAsync(smtpPort, count, messageBytes, connections: 2);
            var baselineSeconds = (DateTime.UtcNow - started).TotalSeconds;
            // Sender and sink share the benchmark's process, so this is an upper bound for MailKit alone.
            var baselineMs = (CpuTicks(Environment.ProcessId) - baselineTicks) * 1000.0 / 100 / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| baseline: MailKit alone, same size and sink | {count:N0} | {sink.Count:N0} | {baselineSeconds:F1} | {count / baselineSeconds:N0} | {baselineMs:F2} (with the sink) | — |"));
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
        }
    }
    finally
    {
        Directory.Delete(dataDir, recursive: true);
    }
}

await stop.CancelAsync();
smtp.Shutdown();
return 0;

static async Task<DateTime> PrepareAsync(string dataDir, int count)
{
    await using BroadsheetDb db = new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>()
        .UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Pooling=false").Options);
    var section = new Section { Name = "City", Slug = "city" };
    db.Sections.Add(section);
    await db.SaveChangesAsync();
    for (var i = 0; i < count; i++)
    {
        db.Subscribers.Add(new Subscriber
        {
            Email = $"reader{i}@example.org",
            NormalizedEmail = $"READER{i}@EXAMPLE.ORG",
            Status = SubscriberStatus.Confirmed,
            Frequency = Frequency.AsPublished,
            CreatedAt = DateTime.UtcNow,
            ConsentedAt = DateTime.UtcNow,
            LinkKey = SubscriptionLinks.NewLinkKey(),
            Sections = [new SubscriberSection { SectionId = section.Id }],
        });
    }

    // Time for the app to start (and its JIT to settle) before the article goes live.
    var publishAt = DateTime.UtcNow.AddSeconds(15);
    db.Articles.Add(new Article
    {
        Headline = "Harbour bridge reopens after repairs",
        Slug = "harbour-bridge-reopens",
        Standfirst = "Traffic returns to the old crossing after eight months.",
        Body = "The bridge reopened this morning.",
        Status = ArticleStatus.Scheduled,
        PublishedAt = publishAt,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
        SectionId = section.Id,
        EmailSubscribers = true,
    });
    await db.SaveChangesAsync();
    return publishAt;
}

static async Task<DateTime> WentLiveAsync(string dataDir)
{
    await using BroadsheetDb db = new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>()
        .UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Mode=ReadOnly;Pooling=false").Options);
    return await db.MailJobs.Where(j => j.Kind == Broadsheet.Mail.MailJobKind.Alert).Select(j => j.CreatedAt).SingleAsync();
}

static async Task BaselineAsync(int port, int count, int messageBytes, int connections)
{
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await client.ConnectAsync(socket, "127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
        // Short lines, as in the app's messages, so that MimeKit sends them as they are.
        var body = string.Join("\n", Enumerable.Repeat(new string('x', 75), Math.Max(2, (messageBytes - 600) / 76)));
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var message = new MimeKit.MimeMessage();
            message.From.Add(MimeKit.MailboxAddress.Parse("Gazette <news@gazette.example>"));
            message.To.Add(MimeKit.MailboxAddress.Parse($"reader{i}@example.org"));
            message.Subject = "Harbour bridge reopens after repairs";
            message.Body = new MimeKit.TextPart("plain") { Text = body };
            await client.SendAsync(message);
        }

        await client.DisconnectAsync(quit: true);
    }));
}

// How many outbox rows there are in each status, for the progress lines.
static async Task<string> OutboxStateAsync(string dataDir)
{
    await using BroadsheetDb db = new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>()
        .UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Mode=ReadOnly;Pooling=false").Options);
    var counts = await db.Outbox.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
    return counts.Count == 0 ? "empty" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Count}"));
}

static Process Start(string appDll, Dictionary<string, string> settings, params string[] command)
{
    var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
    info.ArgumentList.Add(appDll);
    foreach (var part in command)
    {
        info.ArgumentList.Add(part);
    }

    foreach (var (key, value) in settings)
    {
        info.ArgumentList.Add("--" + key);
        info.ArgumentList.Add(value);
    }

    info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    process.StandardInput.Close();
    return process;
}

static async Task RunToEndAsync(string appDll, Dictionary<string, string> settings, params string[] command)
{
    using var process = Start(appDll, settings, command);
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"'{string.Join(' ', command)}' exited with {process.ExitCode}.");
    }
}

static async Task WaitUntilAnsweringAsync(int port)
{
    using var http = new HttpClient();
    for (var i = 0; i < 600; i++)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The app did not answer within a minute.");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

// Resident memory in KiB, from /proc/PID/status.
static long Rss(int pid) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();

// utime + stime (fields 14 and 15 of /proc/PID/stat), in clock ticks (100 a second here).
static long CpuTicks(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}

/// <summary>Accepts every message and counts it; keeps nothing else.</summary>
internal sealed class Sink : MessageStore
{
    private int count;
    private long lastTicks;
    private long bytes;

    public long Bytes => Interlocked.Read(ref bytes);

    public int Count => Volatile.Read(ref count);
    public DateTime LastAt => new(Interlocked.Read(ref lastTicks), DateTimeKind.Utc);

    public void Reset()
    {
        count = 0;
        lastTicks = 0;
        bytes = 0;
    }

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastTicks, DateTime.UtcNow.Ticks);
        Interlocked.Add(ref bytes, buffer.Length);
        Interlocked.Increment(ref count);
        return Task.FromResult(SmtpResponse.Ok);
    }
}
