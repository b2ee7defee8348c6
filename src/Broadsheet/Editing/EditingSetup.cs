using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Broadsheet.Editing;

public static class EditingSetup
{
    /// <summary>
    /// Saving articles from the newsroom's editor (checks, permissions, revisions and the audit entry), the trash,
    /// deleting for good, and the job that empties the trash after <see cref="TrashOptions.RetentionDays"/>.
    /// </summary>
    public static WebApplicationBuilder AddArticleEditing(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArticleEditing>();
        builder.Services.AddScoped<ArticleTrash>();
        builder.Services.TryAddScoped<ArticleDeletion>();
        builder.Services.Configure<TrashOptions>(builder.Configuration.GetSection(TrashOptions.SectionName));
        builder.Services.AddSingleton<TrashRetention>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<TrashRetention>());
        return builder;
    }
}
