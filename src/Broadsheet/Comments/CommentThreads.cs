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

    /// <summary>Where the comment lives: "#comment-ID" on the first page, the page's path before it on others.</summary>
    public string Permalink { get; private set; } = $"#comment-{id}";

    internal void SetPermalink(string pagePath)
    {
        Permalink = $"{pagePath}#comment-{Id}";
        foreach (var reply in Replies)
        {
            reply.SetPermalink(pagePath);
        }
    }
}

/// <summary>
/// A page of an article's discussion: <see cref="DiscussionRules.CommentsPerPage"/> top-level threads with every
/// reply under them. A reply whose parent is not shown (held, spam, in the trash) starts a thread of its own.
/// </summary>
/// <param name="Threads">In the page's order; replies oldest first under each.</param>
/// <param name="Count">Every approved comment on the article, not only this page's.</param>
/// <param name="ThreadCount">Every top-level thread on the article.</param>
public sealed record DiscussionPage(IReadOnlyList<CommentNode> Threads, int Count, int ThreadCount, int Page, int PageSize, bool NewestFirst)
{
    public int LastPage => LastPageOf(ThreadCount, PageSize);

    public bool HasNext => Page < LastPage;

    public static int LastPageOf(int threadCount, int pageSize) => Math.Max(1, (threadCount + pageSize - 1) / pageSize);

    /// <summary>
    /// Points each thread's permalinks at the page that shows it in the site's order (this page, unless the
    /// reader chose the other order); on the site's first page they stay "#comment-ID".
    /// </summary>
    public void LinkThreads(string articlePath, bool inSiteOrder)
    {
        for (var i = 0; i < Threads.Count; i++)
        {
            var rank = ((Page - 1) * PageSize) + i;
            var sitePage = (Math.Max(0, inSiteOrder ? rank : ThreadCount - 1 - rank) / PageSize) + 1;
            if (sitePage > 1 || !inSiteOrder)
            {
                Threads[i].SetPermalink(CommentPermalinks.PagePath(articlePath, sitePage));
            }
        }
    }
}

public static class CommentThreads
{
    /// <summary>
    /// The approved comments on one page of an article's discussion, as threads; or only the counts (no threads)
    /// when <paramref name="page"/> is past the last page. Two commands whatever the page's or discussion's size.
    /// </summary>
    public static async Task<DiscussionPage> LoadPageAsync(
        this BroadsheetDb db, int articleId, int page, int pageSize, bool newestFirst, CancellationToken cancellationToken)
    {
        var counts = await db.Database.SqlQueryRaw<CommentSql.Counts>(CommentSql.CountsQuery, articleId).SingleAsync(cancellationToken);
        var (count, threadCount) = ((int)counts.Total, (int)counts.Threads);
        if (page > DiscussionPage.LastPageOf(threadCount, pageSize) || count == 0)
        {
            return new DiscussionPage([], count, threadCount, page, pageSize, newestFirst);
        }

        var rows = await db.Database
            .SqlQueryRaw<CommentSql.Row>(newestFirst ? CommentSql.NewestPageQuery : CommentSql.OldestPageQuery, articleId, pageSize, (page - 1) * pageSize)
            .ToListAsync(cancellationToken);

        var nodes = rows.ToDictionary(r => r.Id, r => new CommentNode(
            r.Id, r.AuthorName, r.AuthorUrl, CommentText.ToHtml(r.Body), DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), r.IsStaff));
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

        if (newestFirst)
        {
            threads.Reverse();
        }

        return new DiscussionPage(threads, count, threadCount, page, pageSize, newestFirst);
    }
}
