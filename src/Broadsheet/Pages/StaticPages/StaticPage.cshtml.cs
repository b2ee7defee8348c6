using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Pages.StaticPages;

public sealed record StaticPageView(int Id, string Title, string Slug, string Body, BodyFormat BodyFormat, string? Description, DateTime? PublishedAt, DateTime UpdatedAt);

/// <summary>
/// A published static page at /{slug}. Every other route of the site is more specific than this one (a
/// literal first segment, or a number for the archives), so it only sees addresses nothing else answers.
/// </summary>
public sealed class StaticPageModel(BroadsheetDb db, SiteCalendar calendar, SiteUrls urls, SiteSettingsStore settings) : SitePage
{
    public StaticPageView View { get; private set; } = null!;
    public string BodyHtml { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var normalized = slug.ToLowerInvariant();
        // Anything a slug cannot be (favicon.ico, wp-login.php) is not looked up: it goes on to the old-address table.
        if (normalized.Length > 100 || !normalized.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return NotFound();
        }

        var page = await db.StaticPages.AsNoTracking()
            .Where(p => p.Slug == normalized && p.Status == StaticPageStatus.Published)
            .Select(p => new StaticPageView(p.Id, p.Title, p.Slug, p.Body, p.BodyFormat, p.Description, p.PublishedAt, p.UpdatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        var path = "/" + page.Slug;
        // One spelling, one cached copy: /About, /about/ and stray list parameters go to /about.
        if (Request.Path.Value != path || Request.Query.ContainsKey("page") || Request.Query.ContainsKey("p") || Request.Query.ContainsKey("order"))
        {
            return MovedTo(path);
        }

        View = page;
        BodyHtml = ArticleBody.Render(page.Body, page.BodyFormat);
        HttpContext.TagResponse(StaticPageCache.PageTag(page.Id));
        FillMeta(page, path);
        return Page();
    }

    private void FillMeta(StaticPageView page, string path)
    {
        var description = StaticPageText.Describe(page.Description, page.Body, page.BodyFormat);
        Meta.Title = page.Title;
        Meta.Description = description;
        Meta.CanonicalPath = path;
        var modified = page.PublishedAt is { } published && published > page.UpdatedAt ? published : page.UpdatedAt;
        var jsonLd = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "WebPage",
            ["url"] = urls.Absolute(path),
            ["name"] = page.Title,
            ["description"] = description,
            ["dateModified"] = calendar.Iso(modified),
            ["isPartOf"] = new Dictionary<string, string> { ["@type"] = "WebSite", ["name"] = settings.Title, ["url"] = urls.Absolute("/") },
        };
        // The default encoder escapes <, > and &, so the JSON cannot close the script element it sits in.
        Meta.JsonLd = JsonSerializer.Serialize(jsonLd);
    }
}
