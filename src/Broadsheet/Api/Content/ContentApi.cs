using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Content;

/// <summary>The public, read-only Content API: what the reader site shows, as JSON under <c>/api/v1/</c>.</summary>
public static class ContentApi
{
    public static RouteGroupBuilder MapContentApi(this RouteGroupBuilder api)
    {
        var content = api.MapGroup("")
            .WithTags("Content")
            .CacheOutput(ApiSetup.CachePolicyName)
            .AnswerHead()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        content.MapArticlesApi();
        content.MapTaxonomyApi();
        content.MapStaticPagesApi();
        content.MapArticleCommentsApi();
        return api;
    }

    /// <summary>A list paged by page number: checks the paging parameters, counts, fetches the page and links its neighbours.</summary>
    internal static async Task<Results<Ok<ContentPage<TItem>>, ValidationProblem>> PageAsync<TRow, TItem>(
        HttpContext context, ContentSite site, IQueryable<TRow> ordered, Func<TRow, TItem> toItem, CancellationToken ct)
    {
        var query = new ContentQuery(context.Request.Query);
        var perPage = query.PerPage();
        var page = query.WholeNumber("page", 1, 1, ContentQuery.MaxPage);
        if (query.Errors.Count > 0)
        {
            return ApiProblems.BadParameters(query.Errors);
        }

        var total = await ordered.CountAsync(ct);
        var rows = await ordered.Skip((page - 1) * perPage).Take(perPage).ToListAsync(ct);
        var next = page * perPage < total ? site.Link(context, ("page", ContentSite.Number(page + 1))) : null;
        var prev = page > 1 ? site.Link(context, ("page", ContentSite.Number(page - 1))) : null;
        return TypedResults.Ok(new ContentPage<TItem>([.. rows.Select(toItem)], page, perPage, total, null, new PageLinks(site.Link(context), next, prev)));
    }
}
