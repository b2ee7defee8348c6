using Broadsheet.Data;

namespace Broadsheet.Comments;

/// <summary>An approved comment as the article page shows it, with the replies under it.</summary>
public sealed class CommentNode(int id, string authorName, string? authorUrl, string body, DateTime createdAt, bool isStaff)
{
    public int Id { get; } = id;
    public string AuthorName { get; } = authorName;
    public string? AuthorUrl { get; } = authorUrl;
    /// <summary>The reader's text, as stored: <see cref="CommentText"/> makes it HTML as the page is written.</summary>
    public string Body { get; } = body;
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
    /// <summary>Discussions of up to this many shown comments are read whole, in one command, and paged here.</summary>
    public const int ReadWholeUpTo = 250;

    /// <summary>How many rows a discussion's first read takes: one more than <see cref="ReadWholeUpTo"/>, to tell a longer one.</summary>
    public const int FirstRowsRead = ReadWholeUpTo + 1;

    /// <summary>
    /// The approved comments on one page of an article's discussion, as threads; or only the counts (no threads)
    /// when <paramref name="page"/> is past the last page. One command for a discussion of up to
    /// <paramref name="readWholeUpTo"/> comments, three for a longer one, whatever its size. The first command's rows
    /// may come read already (<paramref name="firstRows"/>, <see cref="FirstRowsRead"/> of them, read with the article).
    /// </summary>
    internal static async Task<DiscussionPage> LoadPageAsync(
        this KeptStatements statements, int articleId, int page, int pageSize, bool newestFirst,
        CancellationToken cancellationToken, int readWholeUpTo = ReadWholeUpTo, List<CommentSql.Row>? firstRows = null)
    {
        var first = firstRows ?? await statements.ListAsync(CommentSql.FirstRowsQuery, [articleId, readWholeUpTo + 1], ReadRow, cancellationToken);
        var whole = first.Count <= readWholeUpTo;
        var shown = whole ? first.Select(r => r.Id).ToHashSet() : [];
        var (count, threadCount) = whole
            ? (first.Count, first.Count(r => StartsThread(r, shown)))
            : await CountAsync(statements, articleId, cancellationToken);
        if (page > DiscussionPage.LastPageOf(threadCount, pageSize) || count == 0)
        {
            return new DiscussionPage([], count, threadCount, page, pageSize, newestFirst);
        }

        var rows = whole
            ? PageOf(first, shown, page, pageSize, newestFirst)
            : await statements.ListAsync(
                newestFirst ? CommentSql.NewestPageQuery : CommentSql.OldestPageQuery, [articleId, pageSize, (page - 1) * pageSize], ReadRow, cancellationToken);

        var nodes = rows.ToDictionary(r => r.Id, r => new CommentNode(
            r.Id, r.AuthorName, r.AuthorUrl, r.Body, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), r.IsStaff));
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

    /// <summary>A comment whose parent is not shown (none, or held, spam, in the trash) starts a thread.</summary>
    private static bool StartsThread(CommentSql.Row row, HashSet<int> shown) => row.ParentId is not { } parent || !shown.Contains(parent);

    private static async Task<(int Count, int Threads)> CountAsync(
        KeptStatements statements, int articleId, CancellationToken cancellationToken)
    {
        var counts = (await statements.ListAsync(CommentSql.CountsQuery, [articleId], r => (Total: r.GetInt64(0), Threads: r.GetInt64(1)), cancellationToken))[0];
        return ((int)counts.Total, (int)counts.Threads);
    }

    /// <summary>A row's comment columns, in the order the discussion's queries select them.</summary>
    internal static CommentSql.Row ReadRow(System.Data.Common.DbDataReader r) => new()
    {
        Id = r.GetInt32(0),
        ParentId = r.IsDBNull(1) ? null : r.GetInt32(1),
        AuthorName = r.GetString(2),
        AuthorUrl = r.IsDBNull(3) ? null : r.GetString(3),
        Body = r.GetString(4),
        CreatedAt = KeptStatements.Utc(r, 5),
        IsStaff = r.GetBoolean(6),
    };

    /// <summary>
    /// What the page query returns, taken from the whole discussion (oldest first): the page's threads in the given
    /// order and every reply under them, oldest first. A comment whose parent is not shown starts a thread.
    /// </summary>
    private static List<CommentSql.Row> PageOf(List<CommentSql.Row> all, HashSet<int> shown, int page, int pageSize, bool newestFirst)
    {
        var replies = all.Where(r => !StartsThread(r, shown)).ToLookup(r => r.ParentId!.Value);
        var starts = all.Where(r => StartsThread(r, shown));
        var roots = (newestFirst ? starts.Reverse() : starts).Skip((page - 1) * pageSize).Take(pageSize);

        var onPage = new HashSet<int>();
        var pending = new Stack<int>(roots.Select(r => r.Id));
        while (pending.TryPop(out var id))
        {
            if (onPage.Add(id))
            {
                foreach (var reply in replies[id])
                {
                    pending.Push(reply.Id);
                }
            }
        }

        return [.. all.Where(r => onPage.Contains(r.Id))];
    }
}
