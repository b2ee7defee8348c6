using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// The article rows a transaction locks before it changes their tag links or bylines. On PostgreSQL the triggers that
/// copy an article's status and times into its links and bylines lock in both directions: a new link or byline reads
/// its article row <c>FOR SHARE</c>, and a change of the article rewrites its links and bylines. Two transactions that
/// change the same article's links in a different order (two saves of one article, a save and a tag or author merge,
/// a save and the scheduled publication) could then each wait for the other until PostgreSQL aborts one. Taking the
/// article rows first, in id order, makes them queue instead. SQLite has one writer at a time (its transactions here
/// begin IMMEDIATE), so there it only reads.
/// </summary>
public static class ArticleLocks
{
    /// <summary>The advisory lock every locker of many articles takes first (its own number among the program's locks).</summary>
    private const long ManyArticlesLock = 727277;

    /// <summary>
    /// Locks one article's row for the rest of the current transaction and returns its last-saved time as the database
    /// has it now (null when the article is gone), for a caller to see whether another save came first.
    /// </summary>
    public static async Task<DateTime?> LockAsync(BroadsheetDb db, int articleId, CancellationToken cancellationToken)
    {
        var updated = db.Database.IsPostgres()
            ? await db.Database.SqlQuery<DateTime>($"""SELECT "UpdatedAt" AS "Value" FROM "Articles" WHERE "Id" = {articleId} FOR UPDATE""")
                .ToListAsync(cancellationToken)
            : await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.UpdatedAt).ToListAsync(cancellationToken);
        return updated.Count == 0 ? null : DateTime.SpecifyKind(updated[0], DateTimeKind.Utc);
    }

    /// <summary>
    /// Locks every article <paramref name="articleIds"/> names, then asks again until it names no article it has not
    /// locked: one that joined the set while the first were being locked (a save that added the tag) is locked too
    /// before the caller reads them. PostgreSQL; on SQLite (one writer at a time) it asks nothing.
    /// </summary>
    /// <remarks>
    /// A later round may lock an article with a lower id than one already held, out of the order that keeps lockers
    /// from waiting on each other. So the callers of this (tag, author and section merges) first take one
    /// transaction-level advisory lock and queue behind each other: two merges over shared articles cannot then each
    /// hold a row the other waits for. A save locks one article only, so it cannot close such a circle with a merge; nor
    /// can the scheduled publication, moving to the trash, or a deletion, which each change one article in a transaction.
    /// </remarks>
    public static async Task LockAllAsync(BroadsheetDb db, Func<IQueryable<int>> articleIds, CancellationToken cancellationToken)
    {
        if (!db.Database.IsPostgres())
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ManyArticlesLock})", cancellationToken);
        var locked = new HashSet<int>();
        while (true)
        {
            var ids = await articleIds().ToListAsync(cancellationToken);
            var added = ids.Where(id => !locked.Contains(id)).ToList();
            if (added.Count == 0)
            {
                return;
            }

            await LockAsync(db, added, cancellationToken);
            locked.UnionWith(added);
        }
    }

    /// <summary>Locks the rows of <paramref name="articleIds"/> in id order for the rest of the current transaction (PostgreSQL; nothing on SQLite).</summary>
    public static async Task LockAsync(BroadsheetDb db, IReadOnlyCollection<int> articleIds, CancellationToken cancellationToken)
    {
        if (articleIds.Count == 0 || !db.Database.IsPostgres())
        {
            return;
        }

        var ids = articleIds.Distinct().Order().ToArray();
        await db.Database.SqlQuery<int>($"""SELECT "Id" AS "Value" FROM "Articles" WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR UPDATE""")
            .ToListAsync(cancellationToken);
    }
}
