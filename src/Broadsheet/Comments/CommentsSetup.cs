using Broadsheet.Site;

namespace Broadsheet.Comments;

public static class CommentsSetup
{
    public static WebApplicationBuilder AddComments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<CommentOptions>(builder.Configuration.GetSection(CommentOptions.SectionName));
        services.AddSingleton<FormStamps>();
        services.AddSingleton<CommentCookies>();
        services.AddSingleton<CommentRateLimits>();
        services.AddScoped<CommentPosting>();
        services.AddScoped<CommentModeration>();
        return builder;
    }

    /// <summary>Comment pages and state are per reader: never stored by browsers, proxies or CDNs, never indexed.</summary>
    public static WebApplication UseCommentHeaders(this WebApplication app) =>
        app.UsePrivatePages(IsCommentsPath, "private, no-store", "noindex");

    /// <summary>Reader-side comment pages that hold per-reader state, and so are never output-cached.</summary>
    public static bool IsCommentsPath(PathString path) => path.StartsWithSegments("/comments", StringComparison.OrdinalIgnoreCase);
}
