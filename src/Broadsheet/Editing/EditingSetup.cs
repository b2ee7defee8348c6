namespace Broadsheet.Editing;

public static class EditingSetup
{
    /// <summary>Saving articles from the newsroom's editor: checks, permissions, revisions and the audit entry.</summary>
    public static WebApplicationBuilder AddArticleEditing(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArticleEditing>();
        return builder;
    }
}
