using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages;

public sealed record SectionFront(string Name, string Slug, IReadOnlyList<ArticleCard> Cards);

public sealed class IndexModel(
    BroadsheetDb db, KeptStatements statements, TimeProvider time, SiteCalendar calendar, IOptions<BroadsheetOptions> options, SiteSettingsStore settings) : SitePage
{
    private const int PerSection = 4;

    public ArticleCard? Lead { get; private set; }
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];
    public IReadOnlyList<SectionFront> Sections { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, null, null);

    private sealed record SectionName(int Id, string Name, string Slug);

    // Compiled once per model (CompiledPerModel): EF Core skips rebuilding and hashing the query on every render.
    private static readonly CompiledPerModel<Func<BroadsheetDb, IAsyncEnumerable<SectionName>>> SectionsInOrder = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db) => db.Sections.AsNoTracking()
            .OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new SectionName(s.Id, s.Name, s.Slug))));

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int page = 1, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (Request.Query.ContainsKey("p"))
        {
            return await ShortLinkAsync(now, cancellationToken);
        }

        if (page < 1 || !PageQueryIsCanonical(page))
        {
            return NotFound();
        }

        var pageSize = options.Value.Site.PageSize;
        Meta.Description = settings.Tagline;

        if (page == 1)
        {
            // The lead story plus the latest list come from one query.
            var top = await CardPageQuery.Latest.PageAsync(db, 0, default, default, now, 1, pageSize + 1, cancellationToken);
            Lead = top.Items.Count > 0 ? top.Items[0] : null;
            Latest = top.Items.Skip(1).ToList();
            SetPagination("/", 1, top.HasNext);
            var seen = top.Items.Select(c => c.Id).ToArray();
            var sections = new List<SectionName>();
            await foreach (var section in SectionsInOrder.For(db)(db).WithCancellation(cancellationToken))
            {
                sections.Add(section);
            }

            var cards = await statements.ListAsync(
                statements.IsPostgres ? SectionFrontsSql.PostgresQuery : SectionFrontsSql.Query,
                [statements.Ids(sections.Select(s => s.Id)), now, statements.Ids(seen), PerSection], MoreArticlesSql.ReadCard, cancellationToken);
            var bySection = cards.ToLookup(c => c.SectionSlug);
            var fronts = new List<SectionFront>(sections.Count);
            foreach (var section in sections)
            {
                var sectionCards = bySection[section.Slug]
                    .OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id).ToList();
                if (sectionCards.Count > 0)
                {
                    fronts.Add(new SectionFront(section.Name, section.Slug, sectionCards));
                }
            }

            Sections = fronts;
        }
        else
        {
            // Later pages continue the latest list after the lead story.
            var rows = await CardPageQuery.Latest.PageAsync(db, 0, default, default, now, page, pageSize, cancellationToken, offset: 1);
            if (rows.Items.Count == 0)
            {
                return NotFound();
            }

            Latest = rows.Items;
            SetPagination("/", page, rows.HasNext);
            Meta.Title = $"Latest news, page {page}";
        }

        HttpContext.TagResponse(PageCache.ListingsTag);
        Pager = Pager.From(Meta, page);
        return Page();
    }

    /// <summary>
    /// /?p=ID, the permanent short link (and the feeds' entry id, as in WordPress): a redirect to the
    /// article wherever it lives now, so it survives slug and date changes.
    /// </summary>
    private async Task<IActionResult> ShortLinkAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (!int.TryParse(Request.Query["p"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return NotFound();
        }

        var article = await db.Articles.AsNoTracking().Published(now).Where(a => a.Id == id)
            .Select(a => new { a.Slug, PublishedAt = a.PublishedAt!.Value })
            .FirstOrDefaultAsync(cancellationToken);
        return article is null ? NotFound() : MovedTo(calendar.ArticlePath(article.PublishedAt, article.Slug));
    }
}
