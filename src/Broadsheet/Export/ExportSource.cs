using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Redirects;
using Broadsheet.StaticPages;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Broadsheet.Export;

/// <summary>
/// The site's content read for an export, table by table in batches, so a site of any size streams through
/// with a few hundred rows in memory. Everything is read inside one snapshot (see <see cref="BeginSnapshotAsync"/>),
/// so comments never point at an article that did not make it into the file.
/// </summary>
internal sealed class ExportSource(BroadsheetDb db)
{
    private const int ArticleBatch = 200;
    private const int RowBatch = 2000;

    /// <summary>
    /// A read-only snapshot of the database: a deferred SQLite transaction (WAL readers never block the
    /// site's writers) or a repeatable-read PostgreSQL one.
    /// </summary>
    public async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: true);
            var used = await db.Database.UseTransactionAsync(transaction, cancellationToken);
            return new Snapshot(db, used, transaction);
        }

        return new Snapshot(db, await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken), null);
    }

    /// <summary>Ends the read-only transaction (nothing to commit) and gives the context back for writes such as the audit entry.</summary>
    private sealed class Snapshot(BroadsheetDb db, IDbContextTransaction? used, DbTransaction? owned) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (used is not null)
            {
                await used.DisposeAsync();
            }

            if (owned is not null)
            {
                await owned.DisposeAsync();
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    public IAsyncEnumerable<Section> Sections() =>
        db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Id).AsAsyncEnumerable();

    public IAsyncEnumerable<Tag> Tags() => db.Tags.AsNoTracking().OrderBy(t => t.Id).AsAsyncEnumerable();

    public IAsyncEnumerable<Author> Authors() => db.Authors.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable();

    public IAsyncEnumerable<StaticPage> Pages() => db.StaticPages.AsNoTracking().OrderBy(p => p.Id).AsAsyncEnumerable();

    public IAsyncEnumerable<Redirect> Redirects() => db.Redirects.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable();

    public async Task<int> LastArticleIdAsync(CancellationToken cancellationToken) =>
        await db.Articles.MaxAsync(a => (int?)a.Id, cancellationToken) ?? 0;

    public async Task<int> LastPageIdAsync(CancellationToken cancellationToken) =>
        await db.StaticPages.MaxAsync(p => (int?)p.Id, cancellationToken) ?? 0;

    /// <summary>Articles in id order with their section, tags, byline (in order) and corrections, a batch at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<Article>> ArticleBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0;
        while (true)
        {
            var batch = await db.Articles.AsNoTracking()
                .Where(a => a.Id > after)
                .OrderBy(a => a.Id)
                .Take(ArticleBatch)
                .Include(a => a.Section)
                .Include(a => a.Tags)
                .Include(a => a.Bylines.OrderBy(b => b.Position)).ThenInclude(b => b.Author)
                .Include(a => a.Corrections.OrderBy(c => c.CreatedAt))
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            if (batch.Count > 0)
            {
                yield return batch;
            }

            if (batch.Count < ArticleBatch)
            {
                yield break;
            }

            after = batch[^1].Id;
        }
    }

    /// <summary>The comments of these articles, grouped by article, each thread's comments in id order (parents first).</summary>
    public async Task<ILookup<int, Comment>> CommentsOfAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        var ids = articles.Select(a => a.Id).ToList();
        var comments = await db.Comments.AsNoTracking()
            .Where(c => ids.Contains(c.ArticleId))
            .OrderBy(c => c.ArticleId).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        return comments.ToLookup(c => c.ArticleId);
    }

    public IAsyncEnumerable<Comment> Comments(CancellationToken cancellationToken) =>
        Batched(after => db.Comments.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id), c => c.Id, cancellationToken);

    public IAsyncEnumerable<MediaItem> Media(CancellationToken cancellationToken) =>
        Batched(after => db.MediaItems.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id), m => m.Id, cancellationToken);

    private static async IAsyncEnumerable<T> Batched<T>(Func<int, IQueryable<T>> after, Func<T, int> id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = 0;
        while (true)
        {
            var batch = await after(last).Take(RowBatch).ToListAsync(cancellationToken);
            foreach (var row in batch)
            {
                yield return row;
            }

            if (batch.Count < RowBatch)
            {
                yield break;
            }

            last = id(batch[^1]);
        }
    }
}
