using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadsheet.Tests.Webhooks;

/// <summary>A real HTTP server on 127.0.0.1 that records what it is sent; answers 200 unless told otherwise.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    public sealed record Received(string Path, Dictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Status codes to answer with, in order; 200 once they run out.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public string Url(string path = "/hook") => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + path;

    public int Port => new Uri(Url()).Port;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            receiver.Requests.Enqueue(new Received(context.Request.Path, headers, body));
            if (context.Request.Path == "/redirect")
            {
                context.Response.Redirect("/hook");
                return;
            }

            context.Response.StatusCode = receiver.Answers.TryDequeue(out var status) ? status : 200;
            await context.Response.WriteAsync(context.Response.StatusCode == 200 ? "ok" : "receiver trouble");
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
