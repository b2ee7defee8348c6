namespace Broadsheet.Webhooks;

public static class WebhooksSetup
{
    /// <summary>Webhook endpoints, their outbox and its sender (<c>Broadsheet:Webhooks</c>).</summary>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.DisableAfter > TimeSpan.Zero && o.Schedule.All(t => t >= TimeSpan.Zero),
                "Broadsheet:Webhooks: Timeout and DisableAfter must be positive, and the retry schedule cannot hold negative waits.")
            .ValidateOnStart();
        services.AddSingleton<WebhookSignal>();
        services.AddScoped<WebhookOutbox>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        return builder;
    }
}
