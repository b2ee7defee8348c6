using Broadsheet.Nodes;
using Broadsheet.Site;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Broadsheet.Comments;

public static class CommentsSetup
{
    public static WebApplicationBuilder AddComments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<CommentOptions>(builder.Configuration.GetSection(CommentOptions.SectionName));
        services.AddSingleton<FormStamps>();
        services.AddSingleton<CommentCookies>();
        services.TryAddSingleton<SharedRateLimits>();
        services.AddSingleton<CommentRateLimits>();
        services.AddScoped<CommentPosting>();
        services.AddScoped<CommentModeration>();
        services.AddScoped<CommentPermalinks>();
        // Reader-side comment pages and state are per reader: never cached or stored, never indexed.
        services.AddPrivatePages("/comments", "private, no-store", "noindex");
        return builder;
    }
}
