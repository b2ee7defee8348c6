using System.Diagnostics;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Webhooks;

/// <summary>The newsroom app with private targets allowed (the test receiver is on 127.0.0.1) and a short retry schedule.</summary>
public class WebhookApp : NewsroomApp
{
    public WebhookApp()
    {
        Configure("Broadsheet:Webhooks:AllowPrivateTargets", "true");
        Configure("Broadsheet:Webhooks:DisableAfter", "01:00:00");
        Configure("Broadsheet:Webhooks:RetrySchedule:0", "00:00:05");
        Configure("Broadsheet:Webhooks:RetrySchedule:1", "00:05:00");
        Configure("Broadsheet:Webhooks:RetrySchedule:2", "02:00:00");
    }

    public async Task DeliverWebhooksAsync()
    {
        var sender = Services.GetRequiredService<WebhookSender>();
        while (await sender.DeliverDueAsync() > 0)
        {
        }
    }

    /// <summary>Adds an endpoint straight to the database (the pages have their own tests); returns its id and secret.</summary>
    public Task<(int Id, string Secret)> AddEndpointAsync(string url, WebhookEvents events) => WithDbAsync(async (db, _) =>
    {
        var endpoint = new WebhookEndpoint { Url = url, Events = events, Secret = WebhookSignature.NewSecret(), CreatedAt = Clock.GetUtcNow().UtcDateTime };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        return (endpoint.Id, endpoint.Secret);
    });
}

public sealed class PostgresWebhookApp : WebhookApp
{
    public PostgresWebhookApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

/// <summary>The app as deployed: private targets refused.</summary>
public sealed class StrictWebhookApp : WebhookApp
{
    public StrictWebhookApp() => Configure("Broadsheet:Webhooks:AllowPrivateTargets", "false");
}

/// <summary>Runs the official npm <c>standardwebhooks</c> package over recorded deliveries.</summary>
public static class StandardWebhooksPackage
{
    private static readonly string Script = Path.Combine(RepositoryFiles.Root, "tests", "Broadsheet.Tests", "Webhooks", "verify-standardwebhooks.js");

    /// <summary>The payloads as the package verified them; fails the test when any signature does not verify.</summary>
    public static async Task<JsonElement> VerifyAsync(string secret, IEnumerable<WebhookReceiver.Received> deliveries)
    {
        Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "tests", "Broadsheet.Tests", "node_modules", "standardwebhooks", "package.json")),
            "The npm package standardwebhooks is not installed: run scripts/install-test-deps.sh (npm ci in tests/Broadsheet.Tests).");
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Script)! };
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start)!;
        var input = JsonSerializer.Serialize(new { secret, deliveries = deliveries.Select(d => new { headers = d.Headers, body = d.Body }) });
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"standardwebhooks refused a delivery: {await error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
