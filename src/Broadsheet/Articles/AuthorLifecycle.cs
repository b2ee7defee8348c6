using Broadsheet.Data;
using Broadsheet.Redirects;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// Changing an author's slug and merging two authors, keeping old author pages answering 301 (see
/// <see cref="RetiredAuthorSlug"/>). Some steps are set-based and run at once: call inside a transaction, then save.
/// </summary>
public static class AuthorLifecycle
{
    public static string PathOf(string slug) => $"/author/{slug}";

    /// <summary>The current slug of the author who used to be at <paramref name="slug"/> (lowercase), or null.</summary>
    public static Task<string?> CurrentSlugAsync(BroadsheetDb db, string slug, CancellationToken cancellationToken) =>
        db.RetiredAuthorSlugs.AsNoTracking().Where(r => r.Slug == slug).Select(r => r.Author.Slug).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A slug taken by a live author means that author now, never an old one's redirect.</summary>
    public static Task ClaimAsync(BroadsheetDb db, string slug, CancellationToken cancellationToken) =>
        db.RetiredAuthorSlugs.Where(r => r.Slug == slug).ExecuteDeleteAsync(cancellationToken);

    public static async Task ChangeSlugAsync(BroadsheetDb db, Author author, string slug, DateTime now, CancellationToken cancellationToken)
    {
        if (slug == author.Slug)
        {
            return;
        }

        var old = author.Slug;
        await db.RetiredAuthorSlugs.Where(r => r.Slug == slug || r.Slug == old).ExecuteDeleteAsync(cancellationToken);
        db.RetiredAuthorSlugs.Add(new RetiredAuthorSlug { Slug = old, AuthorId = author.Id, RetiredAt = now });
        await RedirectTable.RetargetAsync(db, PathOf(old), PathOf(slug), cancellationToken);
        author.Slug = slug;
    }

    /// <summary>
    /// Gives <paramref name="into"/> every byline of <paramref name="from"/> (an article that had both keeps one),
    /// moves newsroom accounts linked to <paramref name="from"/> to <paramref name="into"/> (so their writers keep
    /// their articles), makes the old author page answer 301 and removes <paramref name="from"/>. Returns how many
    /// articles changed byline.
    /// </summary>
    public static async Task<int> MergeAsync(BroadsheetDb db, Author from, Author into, DateTime now, CancellationToken cancellationToken)
    {
        // Locked before their bylines are read: a save of one of them meanwhile has then either committed (and is
        // read) or waits for the merge.
        await ArticleLocks.LockAllAsync(db, () => db.Bylines.Where(b => b.AuthorId == from.Id).Select(b => b.ArticleId), cancellationToken);
        var intoArticles = (await db.Bylines.Where(b => b.AuthorId == into.Id).Select(b => b.ArticleId).ToListAsync(cancellationToken)).ToHashSet();
        var bylines = await db.Bylines.Where(b => b.AuthorId == from.Id).ToListAsync(cancellationToken);
        foreach (var byline in bylines)
        {
            // The key is (article, author): the byline is replaced, not edited.
            db.Bylines.Remove(byline);
            if (!intoArticles.Contains(byline.ArticleId))
            {
                db.Bylines.Add(new Byline { ArticleId = byline.ArticleId, AuthorId = into.Id, Position = byline.Position });
            }
        }

        await db.Users.Where(u => u.AuthorId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.AuthorId, (int?)into.Id), cancellationToken);
        await db.RetiredAuthorSlugs.Where(r => r.AuthorId == from.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AuthorId, into.Id), cancellationToken);
        await ClaimAsync(db, from.Slug, cancellationToken);
        db.RetiredAuthorSlugs.Add(new RetiredAuthorSlug { Slug = from.Slug, AuthorId = into.Id, RetiredAt = now });
        await RedirectTable.RetargetAsync(db, PathOf(from.Slug), PathOf(into.Slug), cancellationToken);

        db.Authors.Remove(from);
        return bylines.Count;
    }
}
