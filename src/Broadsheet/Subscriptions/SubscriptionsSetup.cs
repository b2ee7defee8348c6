using Broadsheet.Nodes;
using Broadsheet.Site;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Broadsheet.Subscriptions;

public static class SubscriptionsSetup
{
    public static WebApplicationBuilder AddSubscriptions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SubscriptionOptions>().Bind(builder.Configuration.GetSection("Broadsheet:Subscriptions"))
            .Validate(o => o.ConfirmationLinkLifetime > TimeSpan.Zero && o.ConfirmationInterval >= TimeSpan.Zero, "Broadsheet:Subscriptions: the link lifetime must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SubscriptionLinks>();
        services.TryAddSingleton<SharedRateLimits>();
        services.AddSingleton<SubscriptionRateLimits>();
        services.AddSingleton<SubscribeStamps>();
        services.AddScoped<SubscriptionRequests>();
        services.AddScoped<SubscriberChanges>();
        services.AddScoped<SubscriberImport>();
        services.AddScoped<SubscriberExport>();
        // The subscribe form carries a per-reader token and challenge; the rest is reached by a personal signed link.
        services.AddPrivatePages("/subscribe", "private, no-store", "noindex");
        services.AddPrivatePages("/subscription", "private, no-store", "noindex, nofollow");
        services.AddScoped<MailingContent>();
        services.AddScoped<DiscussionMail>();
        services.AddSingleton<MailingSignal>();
        services.AddSingleton<MailingWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<MailingWorker>());
        return builder;
    }
}
