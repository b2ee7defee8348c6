using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Pages.Articles;

/// <summary>
/// Further pages of an article's "More Articles". A plain page without JavaScript; with it, the
/// article page's script fetches this page and appends its list in place.
/// </summary>
public sealed class MoreModel(
    BroadsheetDb db, KeptStatements statements, TimeProvider time, SiteCalendar calendar, MoreArticlesCache moreArticles) : SitePage
{
    public ArticleView Article { get; private set; } = null!;
    public string ArticlePath { get; private set; } = "";
    public Paged<ArticleCard> More { get; private set; } = new([], 1, false);
    public string? NextPath { get; private set; }

    public async Task<IActionResult> OnGetAsync(
        string slug, [FromQuery(Name = "page")] int page = 2, CancellationToken cancellationToken = default)
    {
        if (page < 2 || !PageQueryIsCanonical(page, firstPage: 1))
        {
            return NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var request = new ArticleRequest(Request.Path.Value!, slug, now, PathSuffix: "/more", RedirectSuffix: page == 2 ? "/more" : $"/more?page={page}");
        var lookup = await ArticleRoute.ResolveAsync(db, statements, calendar, request, cancellationToken);
        if (lookup.RedirectPath is not null)
        {
            return MovedTo(lookup.RedirectPath);
        }

        if (lookup.Article is not { } article)
        {
            return NotFound();
        }

        Article = article;
        ArticlePath = calendar.ArticlePath(article.PublishedAt, article.Slug);
        var tagIds = article.Tags.Select(t => t.Id).ToList();
        var more = await moreArticles.GetAsync(article.Id, article.SectionId, tagIds, now, page, ArticleModel.MoreArticlesPageSize, cancellationToken);
        More = more.Cards;
        if (More.Items.Count == 0)
        {
            return NotFound();
        }

        NextPath = More.HasNext ? $"{ArticlePath}/more?page={page + 1}" : null;
        HttpContext.TagResponse([PageCache.ArticleTag(article.Id), .. more.Tags(article.SectionId, tagIds)]);
        Meta.Title = $"More articles after “{article.Headline}”, page {page}";
        Meta.CanonicalPath = $"{ArticlePath}/more?page={page}";
        Meta.PreviousPath = page > 2 ? $"{ArticlePath}/more?page={page - 1}" : ArticlePath;
        Meta.NextPath = NextPath;
        Meta.NoIndex = true;
        return Page();
    }
}
