namespace Broadsheet.Articles;

public static class ArticlesSetup
{
    /// <summary>Article changes shared by the newsroom and the API, rendered bodies, and the watcher that publishes scheduled articles.</summary>
    public static WebApplicationBuilder AddArticles(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArticleChanges>();
        builder.Services.AddSingleton<RenderedBodies>();
        builder.Services.AddSingleton<MoreArticlesCache>();
        builder.Services.AddHostedService<PublicationWatcher>();
        return builder;
    }
}
