using Broadsheet.Articles;
using Broadsheet.StaticPages;

namespace Broadsheet.Import;

/// <summary>Where a post or page of the file goes, decided before any body is converted so that links between them can be rewritten.</summary>
public sealed record PlannedItem(int WordPressId, string Slug, ArticleStatus ArticleStatus, StaticPageStatus PageStatus, DateTime? PublishedAt, DateTime CreatedAt, string? Path);

/// <summary>Dates of the export in UTC: its GMT date when given, else its local date moved by the export's offset (or the site's time zone).</summary>
public sealed class ExportClock(TimeSpan? offset, TimeZoneInfo siteZone)
{
    public bool UsedFallback { get; private set; }

    public DateTime? Utc(string? gmt, string? local)
    {
        if (WxrDates.Parse(gmt) is { } utc)
        {
            return DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        }

        if (WxrDates.Parse(local) is not { } localDate)
        {
            return null;
        }

        UsedFallback = true;
        if (offset is { } known)
        {
            return DateTime.SpecifyKind(localDate - known, DateTimeKind.Utc);
        }

        while (siteZone.IsInvalidTime(localDate))
        {
            localDate = localDate.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(localDate, siteZone);
    }
}

/// <summary>Decides slugs, statuses and addresses for every post and page of the file that is not yet on the site.</summary>
public static class ImportPlanner
{
    public static Dictionary<int, PlannedItem> Plan(WxrSurvey survey, ImportState state, ExportClock clock, SiteCalendarPaths paths, ImportLinks links, ImportReport report, DateTime now)
    {
        var plan = new Dictionary<int, PlannedItem>();
        foreach (var post in survey.Posts)
        {
            if (post.Type == "post" && state.Articles.TryGetValue(post.Id, out var existing))
            {
                if (existing.Path is { } path)
                {
                    links.AddPath(post.Link, path);
                }

                continue;
            }

            if (post.Type == "page" && state.Pages.TryGetValue(post.Id, out var pageSlug))
            {
                links.AddPath(post.Link, "/" + pageSlug);
                continue;
            }

            if (!IsImported(post.Status) || plan.ContainsKey(post.Id))
            {
                continue;
            }

            var date = clock.Utc(post.PostDateGmt, post.PostDate);
            if (post.Type == "post")
            {
                var status = ArticleStatusOf(post);
                if (status == ArticleStatus.Scheduled && (date ?? now) <= now)
                {
                    // WordPress publishes a missed schedule as soon as it notices; so do we, without the alert.
                    status = ArticleStatus.Published;
                    report.Changed(ImportReport.Articles, "scheduled for a time already past: published", $"{post.Id} {post.Title}");
                }

                var slug = state.ArticleSlug(post.PostName, post.Title);
                var publishedAt = status is ArticleStatus.Published or ArticleStatus.Scheduled ? date ?? now : (DateTime?)null;
                var path = paths.ArticlePath(status, publishedAt, slug);
                plan[post.Id] = new PlannedItem(post.Id, slug, status, StaticPageStatus.Draft, publishedAt, date ?? now, path);
                if (path is not null)
                {
                    links.AddPath(post.Link, path);
                }
            }
            else
            {
                var status = post.Status == "publish" && !post.HasPassword ? StaticPageStatus.Published : StaticPageStatus.Draft;
                var slug = state.PageSlug(post.PostName, post.Title);
                plan[post.Id] = new PlannedItem(post.Id, slug, ArticleStatus.Draft, status, status == StaticPageStatus.Published ? date ?? now : null, date ?? now, "/" + slug);
                links.AddPath(post.Link, "/" + slug);
            }
        }

        return plan;
    }

    /// <summary>WordPress's trash, its unsaved auto-drafts and revisions are not content anyone published or wrote on purpose.</summary>
    public static bool IsImported(string status) => status is not ("trash" or "auto-draft" or "inherit");

    public static ArticleStatus ArticleStatusOf(SurveyedPost post) => post.HasPassword ? ArticleStatus.Draft : post.Status switch
    {
        "publish" => ArticleStatus.Published,
        "future" => ArticleStatus.Scheduled,
        _ => ArticleStatus.Draft,
    };
}
