using Broadsheet.Site;

namespace Broadsheet.Pages.Subscriptions;

public sealed class DeletedModel(SiteSettingsStore settings) : SitePage
{
    public string SiteTitle => settings.Title;

    public void OnGet()
    {
        Meta.Title = "Your data is deleted";
        Meta.CanonicalPath = "/subscribe";
        Meta.NoIndex = true;
    }
}
