using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>Where a reply goes in its thread, for readers and staff alike.</summary>
public static class ReplyTargets
{
    /// <summary>A visible comment of the article, by id, with the id of the comment it replies to; null when there is no such comment.</summary>
    private static readonly CompiledPerModel<Func<BroadsheetDb, int, int, CancellationToken, Task<Link?>>> Visible = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, int id, int articleId, CancellationToken _) =>
            db.Comments.AsNoTracking().Where(c => c.Id == id && c.ArticleId == articleId && c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment)
                .Select(c => new Link(c.ParentId)).FirstOrDefault()));

    private sealed record Link(int? ParentId);

    /// <summary>
    /// The comment a reply attaches to: the one replied to, or its nearest ancestor that still takes replies
    /// when the thread is already as deep as the site allows. Null for a top-level comment, -1 when the
    /// comment replied to is not a visible comment of this article.
    /// </summary>
    public static async Task<int?> FindAsync(BroadsheetDb db, int articleId, int? parentId, int threadDepth, CancellationToken cancellationToken)
    {
        if (parentId is null or <= 0)
        {
            return null;
        }

        // The chain from the parent up to the thread's first comment; threads are a few levels deep at most.
        var chain = new List<int>();
        int? current = parentId;
        while (current is { } id && chain.Count <= 50)
        {
            var row = await Visible.For(db)(db, id, articleId, cancellationToken);
            if (row is null)
            {
                if (chain.Count == 0)
                {
                    return -1;
                }

                break;
            }

            chain.Add(id);
            current = row.ParentId;
        }

        if (threadDepth <= 1)
        {
            return null;
        }

        // chain[0] is the parent, at depth chain.Count; the reply goes one deeper, but no deeper than allowed.
        var depth = Math.Min(chain.Count, threadDepth - 1);
        return chain[chain.Count - depth];
    }
}
