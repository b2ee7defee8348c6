using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Editing;

/// <summary>The editor's form once checked: what it refers to looked up, its slug, tags and authors settled.</summary>
public sealed record CheckedArticleInput(
    ArticleInput Input, Section Section, IReadOnlyList<int> AuthorIds, string Slug, MediaItem? Media, bool KeepImage,
    IReadOnlyList<string> TagNames, DateTime? PublishAt);

/// <summary>Checks what the article editor sent, field by field, against the database; changes nothing.</summary>
public sealed class ArticleInputCheck(BroadsheetDb db, SiteCalendar calendar)
{
    /// <summary>The checked input, or every problem found (for the fields they concern).</summary>
    public async Task<(CheckedArticleInput? Checked, IReadOnlyList<EditorError> Errors)> CheckAsync(
        Article article, ArticleInput input, NewsroomMember member, EditorAction action, CancellationToken cancellationToken = default)
    {
        var errors = new List<EditorError>();
        var publishAt = ToUtc(input.PublishAt, errors);

        if (action is EditorAction.Publish or EditorAction.SubmitForReview && string.IsNullOrWhiteSpace(input.Body))
        {
            errors.Add(new("Body", "Write the body of the article before it goes further."));
        }

        var section = input.SectionId is { } sectionId ? await db.Sections.FindAsync([sectionId], cancellationToken) : null;
        if (section is null)
        {
            errors.Add(new("SectionId", "Choose a section."));
        }

        var authorIds = input.AuthorIds.Distinct().ToList();
        if (authorIds.Count == 0 && member.AuthorId is { } own)
        {
            authorIds.Add(own);
        }

        var authorCount = await db.Authors.CountAsync(a => authorIds.Contains(a.Id), cancellationToken);
        if (authorIds.Count == 0 || authorCount != authorIds.Count)
        {
            errors.Add(new("AuthorIds", "Choose at least one author."));
        }

        var slug = Slugs.From(string.IsNullOrWhiteSpace(input.Slug) ? input.Headline ?? "" : input.Slug);
        if (slug.Length == 0)
        {
            errors.Add(new("Slug", "The slug needs at least one letter or digit."));
        }
        else if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != article.Id, cancellationToken))
        {
            errors.Add(new("Slug", $"Another article already uses the slug \u201c{slug}\u201d. Choose a different one."));
        }

        MediaItem? media = null;
        var keepImage = input.Image == "current" && article.ImageUrl is not null;
        if (int.TryParse(input.Image, out var mediaId))
        {
            media = await db.MediaItems.FindAsync([mediaId], cancellationToken);
            if (media is null)
            {
                errors.Add(new("Image", "That image is no longer in the media library. Choose another."));
            }
        }

        if ((media is not null || keepImage) && string.IsNullOrWhiteSpace(input.ImageAlt))
        {
            errors.Add(new("ImageAlt", "Describe the image for readers who cannot see it (alt text)."));
        }

        var tagNames = (input.Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => Slugs.From(n).Length > 0).DistinctBy(Slugs.From).ToList();
        if (tagNames.Count > 20 || tagNames.Any(n => n.Length > 100))
        {
            errors.Add(new("Tags", "Use at most 20 tags of up to 100 characters each."));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new CheckedArticleInput(input, section!, authorIds, slug, media, keepImage, tagNames, publishAt), []);
    }

    private DateTime? ToUtc(DateTime? local, List<EditorError> errors)
    {
        if (local is null)
        {
            return null;
        }

        var unspecified = DateTime.SpecifyKind(local.Value, DateTimeKind.Unspecified);
        if (calendar.Zone.IsInvalidTime(unspecified))
        {
            errors.Add(new("PublishAt", "That time does not exist in the site's time zone (the clocks change then). Choose another."));
            return null;
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, calendar.Zone);
    }
}
