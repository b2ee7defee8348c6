using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>An approved comment as the article page shows it, with the replies under it.</summary>
public sealed class CommentNode(int id, string authorName, string? authorUrl, string bodyHtml, DateTime createdAt, bool isStaff)
{
    public int Id { get; } = id;
    public string AuthorName { get; } = authorName;
    public string? AuthorUrl { get; } = authorUrl;
    public string BodyHtml { get; } = bodyHtml;
    public DateTime CreatedAt { get; } = createdAt;
    public bool IsStaff { get; } = isStaff;
    public List<CommentNode> Replies { get; } = [];
}

public static class CommentThreads
{
    /// <summary>Approved comments as threads, oldest first; a reply whose parent is not shown starts its own thread.</summary>
    public static async Task<(IReadOnlyList<CommentNode> Threads, int Count)> LoadThreadsAsync(
        this BroadsheetDb db, int articleId, CancellationToken cancellationToken)
    {
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.ParentId, c.AuthorName, c.AuthorUrl, c.Body, c.CreatedAt, c.IsStaff })
            .ToListAsync(cancellationToken);

        var nodes = rows.ToDictionary(r => r.Id, r => new CommentNode(r.Id, r.AuthorName, r.AuthorUrl, CommentText.ToHtml(r.Body), r.CreatedAt, r.IsStaff));
        var threads = new List<CommentNode>();
        foreach (var row in rows)
        {
            if (row.ParentId is { } parentId && nodes.TryGetValue(parentId, out var parent))
            {
                parent.Replies.Add(nodes[row.Id]);
            }
            else
            {
                threads.Add(nodes[row.Id]);
            }
        }

        return (threads, rows.Count);
    }
}
