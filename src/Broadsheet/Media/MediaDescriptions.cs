using System.Security.Claims;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Accounts;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Media;

/// <summary>How many articles and static pages took an image's new text.</summary>
public sealed record MediaTextChange(int Articles, int StaticPages);

/// <summary>
/// Edits an image's alt text, caption and credit after upload. Articles keep copies of them (a writer may word them
/// for one article), so the change reaches the copies that are empty or still say what the library said: the
/// featured image's alt text, caption and credit, and the alt text of the image in Markdown text. Copies a writer
/// changed stay theirs. The public pages that changed are evicted, and nothing else. A member who may not edit every
/// article (an Author changing their own upload) changes only the copies in articles they may edit, and no static page
/// unless static pages are theirs to edit: owning a picture gives no say over someone else's story.
/// </summary>
public sealed class MediaDescriptions(BroadsheetDb db, PageCacheEviction eviction, StaticPageCache staticPages, IOutputCacheStore cache, AuditLog audit)
{
    /// <summary>Sets the texts on the tracked <paramref name="item"/> and its copies, and saves; the caller has checked them (<see cref="MediaText"/>) and who asks.</summary>
    public async Task<MediaTextChange> UpdateAsync(MediaItem item, string? alt, string? caption, string? credit, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var (oldAlt, oldCaption, oldCredit) = (item.Alt, item.Caption, item.Credit);
        (alt, caption, credit) = (MediaText.Clean(alt), MediaText.Clean(caption), MediaText.Clean(credit));
        if (alt == oldAlt && caption == oldCaption && credit == oldCredit)
        {
            return new MediaTextChange(0, 0);
        }

        (item.Alt, item.Caption, item.Credit) = (alt, caption, credit);
        var member = NewsroomMember.From(user);
        var stem = item.Stem;
        var articles = await db.Articles
            .Include(a => a.Bylines)
            .Where(a => a.MediaItemId == item.Id || (a.BodyFormat == BodyFormat.Markdown && a.Body.Contains(stem)))
            .ToListAsync(cancellationToken);
        var changedArticles = new List<int>();
        foreach (var article in articles)
        {
            if (!member.MayEdit(article.StatusOutsideTrash(), ArticleEditing.Owns(member, article)))
            {
                continue;
            }

            var before = (article.ImageAlt, article.ImageCaption, article.ImageCredit, article.Body);
            if (article.MediaItemId == item.Id)
            {
                // A featured image must keep an alt text: clearing the library's leaves the article's as it is.
                article.ImageAlt = alt is not null && Follows(article.ImageAlt, oldAlt) ? alt : article.ImageAlt;
                article.ImageCaption = Follows(article.ImageCaption, oldCaption) ? caption : article.ImageCaption;
                article.ImageCredit = Follows(article.ImageCredit, oldCredit) ? credit : article.ImageCredit;
            }

            if (alt is not null && article.BodyFormat == BodyFormat.Markdown)
            {
                article.Body = MarkdownImageAlts.Replace(article.Body, stem, oldAlt, alt);
            }

            if (before != (article.ImageAlt, article.ImageCaption, article.ImageCredit, article.Body))
            {
                changedArticles.Add(article.Id);
            }
        }

        var mayEditPages = NewsroomPolicies.Roles[NewsroomPolicies.Pages].Contains(member.Role);
        var pages = alt is null || !mayEditPages ? [] : await db.StaticPages
            .Where(p => p.BodyFormat == BodyFormat.Markdown && p.Body.Contains(stem))
            .ToListAsync(cancellationToken);
        var changedPages = new List<(int Id, bool InFooter)>();
        foreach (var page in pages)
        {
            var body = MarkdownImageAlts.Replace(page.Body, stem, oldAlt, alt!);
            if (!ReferenceEquals(body, page.Body))
            {
                page.Body = body;
                changedPages.Add((page.Id, page.FooterPosition is not null));
            }
        }

        // The update time is left alone: a better description of a picture is not news, and feeds and sitemaps
        // would otherwise announce every article that shows it as updated.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var id in changedArticles)
        {
            await eviction.ArticleChangedAsync(id, cancellationToken: cancellationToken);
        }

        foreach (var (id, inFooter) in changedPages)
        {
            await staticPages.PageChangedAsync(id, inFooter, cancellationToken);
        }

        // The author page shows the photo with the library's alt text.
        if (alt != oldAlt)
        {
            var authorIds = await db.Authors.Where(a => a.PhotoMediaId == item.Id).Select(a => a.Id).ToListAsync(cancellationToken);
            foreach (var authorId in authorIds)
            {
                await cache.EvictByTagAsync(PageCache.AuthorTag(authorId), cancellationToken);
            }
        }

        await audit.RecordAsync(user, "Edited an image's alt text, caption or credit", item.OriginalName, cancellationToken);
        return new MediaTextChange(changedArticles.Count, changedPages.Count);
    }

    /// <summary>A copy follows the library while it is empty or still says what the library said.</summary>
    private static bool Follows(string? copy, string? libraryText) => string.IsNullOrEmpty(copy) || copy == libraryText;
}
