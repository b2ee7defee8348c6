using Broadsheet.Site;
using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

public static class SpamSetup
{
    /// <summary>The proof-of-work challenge: its settings, its keys in the data folder, issuing and checking.</summary>
    public static WebApplicationBuilder AddSpam(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // A setting the widget cannot solve (or a short secret) stops the start, not the first comment.
        services.AddOptions<SpamOptions>().Bind(builder.Configuration.GetSection(SpamOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpamOptions>, SpamOptionsValidator>();
        services.AddSingleton(sp => new AltchaKeys(
            sp.GetRequiredService<IOptions<SpamOptions>>(),
            Path.GetFullPath(sp.GetRequiredService<IOptions<BroadsheetOptions>>().Value.DataDir, builder.Environment.ContentRootPath)));
        services.AddSingleton<AltchaChallenges>();
        return builder;
    }
}
