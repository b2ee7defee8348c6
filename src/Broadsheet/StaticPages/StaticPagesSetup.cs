namespace Broadsheet.StaticPages;

/// <summary>Pages outside the news flow: the reader page at /{slug}, the newsroom's editor and the footer menu.</summary>
public static class StaticPagesSetup
{
    public static WebApplicationBuilder AddStaticPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReservedSlugs>();
        builder.Services.AddScoped<StaticPageCache>();
        builder.Services.AddScoped<StaticPageEditing>();
        builder.Services.AddSingleton<FooterMenu>();
        builder.Services.AddScoped<FooterMenuChoices>();
        return builder;
    }
}
