using Broadsheet.Accounts;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Areas.Newsroom;

/// <summary>The back office at <c>/newsroom</c> (its pages are in <c>Areas/Newsroom/Pages</c>): who may open which folder, and its private responses.</summary>
public static class NewsroomSetup
{
    public const string Area = "Newsroom";

    /// <summary>
    /// Every newsroom page needs a signed-in member; each folder narrows that to the roles of
    /// <see cref="NewsroomPolicies"/>. Only the pages in <c>Access/</c> (sign-in, first-run setup,
    /// password reset) are open, and they say so here rather than page by page.
    /// </summary>
    private static void AddNewsroomConventions(this PageConventionCollection conventions)
    {
        conventions.AuthorizeAreaFolder(Area, "/", NewsroomPolicies.Member);
        conventions.AuthorizeAreaFolder(Area, "/Articles", NewsroomPolicies.Write);
        conventions.AuthorizeAreaFolder(Area, "/Media", NewsroomPolicies.Media);
        conventions.AuthorizeAreaFolder(Area, "/Desk", NewsroomPolicies.Desk);
        conventions.AuthorizeAreaFolder(Area, "/StaticPages", NewsroomPolicies.Pages);
        conventions.AuthorizeAreaFolder(Area, "/Subscribers", NewsroomPolicies.Desk);
        conventions.AuthorizeAreaFolder(Area, "/Comments", NewsroomPolicies.Moderate);
        conventions.AuthorizeAreaFolder(Area, "/Admin", NewsroomPolicies.Administer);
        conventions.AllowAnonymousToAreaFolder(Area, "/Access");
        conventions.AddAreaFolderApplicationModelConvention(Area, "/Access",
            model => model.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(AccountsSetup.SignInRateLimit)));
    }

    public static WebApplicationBuilder AddNewsroom(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RazorPagesOptions>(options => options.Conventions.AddNewsroomConventions());
        // Newsroom responses are private to the member and never stored by browsers, proxies or search
        // engines; its cookie is not even sent to reader pages.
        builder.Services.AddPrivatePages(AccountsSetup.CookiePath, "no-store", "noindex, nofollow");
        FlashSafeTempDataProvider.Register(builder.Services);
        return builder;
    }
}
