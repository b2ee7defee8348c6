using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages;

/// <summary>A paginated list of published articles, newest first: section, tag, author and date pages.</summary>
public abstract class ArticleListPage(BroadsheetDb db, TimeProvider time, IOptions<BroadsheetOptions> options) : SitePage
{
    public Paged<ArticleCard> Articles { get; private set; } = new([], 1, false);
    public Pager Pager { get; private set; } = new(1, null, null);

    protected BroadsheetDb Db { get; } = db;

    /// <summary>
    /// Loads one page of the list <paramref name="list"/> with the given id or time range, tags the response as a
    /// listing and sets the canonical and prev/next links. False when the page does not exist: past the last page,
    /// or any page of an empty list when <paramref name="emptyIsMissing"/>.
    /// </summary>
    protected async Task<bool> LoadPageAsync(
        CardPageQuery list, int id, (DateTime Start, DateTime End) range, string path, int page, bool emptyIsMissing, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        Articles = await list.PageAsync(Db, id, range.Start, range.End, now, page, options.Value.Site.PageSize, cancellationToken);
        if (Articles.Items.Count == 0 && (page > 1 || emptyIsMissing))
        {
            return false;
        }

        SetPagination(path, page, Articles.HasNext);
        Pager = Pager.From(Meta, page);
        return true;
    }
}
