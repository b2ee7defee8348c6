using Broadsheet.Site;
using Broadsheet.Spam;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

public static class CommentsSetup
{
    public static WebApplicationBuilder AddComments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<CommentOptions>(builder.Configuration.GetSection(CommentOptions.SectionName));
        // A setting the widget cannot solve (or a short secret) stops the start, not the first comment.
        services.AddOptions<SpamOptions>().Bind(builder.Configuration.GetSection(SpamOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpamOptions>, SpamOptionsValidator>();
        services.AddSingleton(sp => new AltchaKeys(
            sp.GetRequiredService<IOptions<SpamOptions>>(),
            Path.GetFullPath(sp.GetRequiredService<IOptions<BroadsheetOptions>>().Value.DataDir, builder.Environment.ContentRootPath)));
        services.AddSingleton<AltchaChallenges>();
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
