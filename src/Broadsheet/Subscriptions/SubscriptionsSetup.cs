namespace Broadsheet.Subscriptions;

public static class SubscriptionsSetup
{
    public static WebApplicationBuilder AddSubscriptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SubscriptionOptions>().Bind(builder.Configuration.GetSection("Broadsheet:Subscriptions"))
            .Validate(o => o.ConfirmationLinkLifetime > TimeSpan.Zero && o.ConfirmationInterval >= TimeSpan.Zero, "Broadsheet:Subscriptions: the link lifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SubscriptionLinks>();
        builder.Services.AddScoped<MailingContent>();
        builder.Services.AddScoped<DiscussionMail>();
        builder.Services.AddSingleton<MailingSignal>();
        builder.Services.AddSingleton<MailingWorker>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<MailingWorker>());
        return builder;
    }
}
