using Broadsheet.Data;
using Broadsheet.Redirects;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// Renaming and merging sections so that no address a reader, a feed reader or a search engine holds goes
/// dead: an old slug answers 301 (see <see cref="RetiredSectionSlug"/>). Some steps are set-based and run at
/// once: call inside a transaction, then save.
/// </summary>
public static class SectionLifecycle
{
    public static string PathOf(string slug) => $"/section/{slug}";

    /// <summary>The current slug of the section that used to be at <paramref name="slug"/> (lowercase), or null.</summary>
    public static Task<string?> CurrentSlugAsync(BroadsheetDb db, string slug, CancellationToken cancellationToken) =>
        db.RetiredSectionSlugs.AsNoTracking().Where(r => r.Slug == slug).Select(r => r.Section.Slug).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A slug taken by a live section means that section now, never an old one's redirect.</summary>
    public static Task ClaimAsync(BroadsheetDb db, string slug, CancellationToken cancellationToken) =>
        db.RetiredSectionSlugs.Where(r => r.Slug == slug).ExecuteDeleteAsync(cancellationToken);

    public static async Task ChangeSlugAsync(BroadsheetDb db, Section section, string slug, DateTime now, CancellationToken cancellationToken)
    {
        if (slug == section.Slug)
        {
            return;
        }

        var old = section.Slug;
        await db.RetiredSectionSlugs.Where(r => r.Slug == slug || r.Slug == old).ExecuteDeleteAsync(cancellationToken);
        db.RetiredSectionSlugs.Add(new RetiredSectionSlug { Slug = old, SectionId = section.Id, RetiredAt = now });
        // Imported WordPress categories point at the old address: send them straight to the new one, not through two 301s.
        await RedirectTable.RetargetAsync(db, PathOf(old), PathOf(slug), cancellationToken);
        section.Slug = slug;
    }

    /// <summary>
    /// Moves every article of <paramref name="from"/> (drafts and scheduled ones too) and its subscribers to
    /// <paramref name="into"/>, makes its addresses answer 301 there, and removes it. Returns how many articles moved.
    /// </summary>
    public static async Task<int> MergeAsync(BroadsheetDb db, Section from, Section into, DateTime now, CancellationToken cancellationToken)
    {
        // Locked in id order first, behind any other merge: the update alone would lock them in the order of its scan.
        await ArticleLocks.LockAllAsync(db, () => db.Articles.Where(a => a.SectionId == from.Id).Select(a => a.Id), cancellationToken);
        var moved = await db.Articles.Where(a => a.SectionId == from.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SectionId, into.Id), cancellationToken);

        var alreadyFollowing = db.SubscriberSections.Where(s => s.SectionId == into.Id).Select(s => s.SubscriberId);
        var followers = await db.SubscriberSections.Where(s => s.SectionId == from.Id && !alreadyFollowing.Contains(s.SubscriberId))
            .Select(s => s.SubscriberId).ToListAsync(cancellationToken);
        db.SubscriberSections.AddRange(followers.Select(id => new SubscriberSection { SubscriberId = id, SectionId = into.Id }));

        // Addresses that led to the merged section lead to the one it joined.
        await db.RetiredSectionSlugs.Where(r => r.SectionId == from.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SectionId, into.Id), cancellationToken);
        await ClaimAsync(db, from.Slug, cancellationToken);
        db.RetiredSectionSlugs.Add(new RetiredSectionSlug { Slug = from.Slug, SectionId = into.Id, RetiredAt = now });
        await RedirectTable.RetargetAsync(db, PathOf(from.Slug), PathOf(into.Slug), cancellationToken);

        db.Sections.Remove(from);
        return moved;
    }
}
