namespace Broadsheet.Feeds;

public static class FeedsSetup
{
    public static WebApplicationBuilder AddFeeds(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FeedContext>();
        return builder;
    }
}
