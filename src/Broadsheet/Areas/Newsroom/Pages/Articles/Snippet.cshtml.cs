using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

/// <summary>
/// What search engines and social sites will be given for the article being edited: the reader page's title,
/// description, address and image, worked out as the reader page's own meta tags are (see the reader layout), so that
/// the editor's previews tell the truth. Nothing is saved.
/// </summary>
public sealed class SnippetModel(BroadsheetDb db, ArticleEditing editing, SiteCalendar calendar, SiteSettingsStore settings, SiteUrls urls) : ArticlePage(editing)
{
    public void OnGet() => Title = "Search and social previews";

    public async Task<IActionResult> OnPostAsync(int? id, string? headline, string? standfirst, string? body, string? format, string? slug, string? image, DateTime? publishAt)
    {
        KeepFlashForNextPage();
        Article? article = null;
        if (id is { } articleId)
        {
            (article, var refusal) = await FindEditableAsync(articleId, trashedToo: true);
            if (article is null)
            {
                return refusal!;
            }
        }

        var bodyFormat = Enum.TryParse<BodyFormat>(format, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : BodyFormat.Markdown;
        headline = headline?.Trim() ?? "";
        var description = string.IsNullOrWhiteSpace(standfirst) ? ArticleBody.Excerpt(body ?? "", bodyFormat) : standfirst.Trim();
        if (description.Length == 0)
        {
            // The layout falls back to the site's tagline when a page has no description.
            description = settings.Tagline;
        }

        var local = publishAt ?? (article?.PublishedAt is { } published ? calendar.ToLocal(published) : calendar.ToLocal(Editing.Now));
        var path = string.Create(CultureInfo.InvariantCulture, $"/{local:yyyy}/{local:MM}/{local:dd}/{Slugs.From(string.IsNullOrWhiteSpace(slug) ? headline : slug)}");
        var imageUrl = await ImageAsync(image, article);
        return new JsonResult(new
        {
            title = headline.Length == 0 ? settings.Title : $"{headline} – {settings.Title}",
            socialTitle = headline.Length == 0 ? settings.Title : headline,
            description,
            url = urls.Absolute(path),
            siteName = settings.Title,
            image = imageUrl,
        });
    }

    /// <summary>The featured image as the form has it: none, the current one (not from the library), or a library image.</summary>
    private async Task<string?> ImageAsync(string? image, Article? article)
    {
        if (image == "current")
        {
            return article?.ImageUrl;
        }

        if (!int.TryParse(image, NumberStyles.None, CultureInfo.InvariantCulture, out var mediaId))
        {
            return null;
        }

        var path = await db.MediaItems.AsNoTracking().Where(m => m.Id == mediaId).Select(m => m.Path).FirstOrDefaultAsync(HttpContext.RequestAborted);
        return path is null ? null : $"/media/{path}";
    }
}
