using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Broadsheet.Areas.Newsroom;

/// <summary>
/// The newsroom's one-time messages ("Article submitted for review.") live in the TempData cookie. The editor's
/// background requests (preview, autosave) can be in flight while a save answers with its redirect and that
/// cookie; the framework's provider then answers the background request by deleting the cookie it never
/// received, and the message is lost on the way to the page it was meant for. This provider never deletes a
/// cookie the request did not carry.
/// </summary>
public sealed class FlashSafeTempDataProvider(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && options.Value.Cookie.Name is { } name && !context.Request.Cookies.ContainsKey(name))
        {
            return;
        }

        cookies.SaveTempData(context, values);
    }

    public static void Register(IServiceCollection services)
    {
        services.TryAddSingleton<CookieTempDataProvider>();
        services.Replace(ServiceDescriptor.Singleton<ITempDataProvider, FlashSafeTempDataProvider>());
    }
}
