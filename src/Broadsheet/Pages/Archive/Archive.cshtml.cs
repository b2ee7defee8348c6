using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages.Archive;

/// <summary>Date archives: /2024/, /2024/04/ and /2024/04/24/, in the site's time zone.</summary>
public sealed class ArchiveModel(BroadsheetDb db, TimeProvider time, SiteCalendar calendar, IOptions<BroadsheetOptions> options)
    : ArticleListPage(db, time, options)
{
    public string Heading { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(
        int year, int? month, int? day, [FromQuery(Name = "page")] int page = 1, CancellationToken cancellationToken = default)
    {
        if (calendar.Range(year, month, day) is not { } range || page < 1 || !PageQueryIsCanonical(page))
        {
            return NotFound();
        }

        var path = day is not null ? FormattableString.Invariant($"/{year:0000}/{month:00}/{day:00}/")
            : month is not null ? FormattableString.Invariant($"/{year:0000}/{month:00}/")
            : FormattableString.Invariant($"/{year:0000}/");
        // Date archives are front lists: any article published in the range joins them.
        HttpContext.TagResponse(PageCache.ListingsTag);
        if (!await LoadPageAsync(CardPageQuery.Archive, 0, (range.Start, range.End), path, page, emptyIsMissing: true, cancellationToken))
        {
            return NotFound();
        }

        var culture = calendar.Culture;
        var first = new DateTime(year, month ?? 1, day ?? 1, 0, 0, 0, DateTimeKind.Unspecified);
        Heading = day is not null ? first.ToString("D", culture)
            : month is not null ? first.ToString(culture.DateTimeFormat.YearMonthPattern, culture)
            : year.ToString(CultureInfo.InvariantCulture);
        Meta.Title = page > 1 ? $"Archive: {Heading}, page {page}" : $"Archive: {Heading}";
        Meta.Description = $"Articles published in {Heading}.";
        return Page();
    }
}
