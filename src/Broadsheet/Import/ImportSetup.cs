namespace Broadsheet.Import;

public static class ImportSetup
{
    public static WebApplicationBuilder AddImport(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<WordPressImport>();
        builder.Services.AddScoped<ImportAccounts>();
        return builder;
    }
}
