using System.Text.Json;
using Broadsheet.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broadsheet.Site;

/// <summary>
/// <c>/healthz</c> (liveness: the database answers; Redis is reported) and <c>/healthz/ready</c> (readiness: also no
/// pending migrations, and Redis reachable when configured). Both answer JSON with one status per check, never a
/// reason or a stack trace, and are never cached.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Checks with this tag count for readiness only.</summary>
    public const string ReadyOnly = "ready";

    public static IServiceCollection AddBroadsheetHealth(this IServiceCollection services)
    {
        services.AddSingleton<MigrationState>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyOnly]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => !check.Tags.Contains(ReadyOnly),
            ResponseWriter = WriteAsync,
        });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            // Degraded (Redis away) still serves pages, but a node that is not fully itself should not take new traffic.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteString(name, entry.Status.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
