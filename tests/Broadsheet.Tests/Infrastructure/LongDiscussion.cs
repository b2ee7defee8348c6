using Broadsheet.Comments;
using Broadsheet.Site;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// A long discussion written straight into the database in batches (posting thousands of comments through the
/// form would take minutes): threads a minute apart, oldest first; every other thread has a reply and every
/// tenth a reply to that reply. Bodies are a few sentences, as readers write them.
/// </summary>
public sealed class LongDiscussion
{
    private const int Batch = 1000;
    private const string Sentences =
        " The council says the new timetable starts in May, but nobody has asked the people who ride the early buses."
        + " I would like to see the figures before I believe the savings. Thanks for reporting this so carefully.";

    /// <summary>The top-level comment of each thread, oldest first.</summary>
    public List<int> Threads { get; } = [];

    /// <summary>The reply under thread i, for every even i.</summary>
    public Dictionary<int, int> Replies { get; } = [];

    /// <summary>The reply to the reply under thread i, for every i divisible by ten.</summary>
    public Dictionary<int, int> NestedReplies { get; } = [];

    public int Count => Threads.Count + Replies.Count + NestedReplies.Count;

    public static async Task<LongDiscussion> WriteAsync(BroadsheetApp app, int articleId, int threads, DateTime? start = null)
    {
        var discussion = new LongDiscussion();
        var first = start ?? DateTime.UtcNow.AddDays(-30);
        await app.WithDbAsync(async (db, services) =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            async Task<List<int>> AddAsync(IEnumerable<(int Index, int? ParentId, TimeSpan After, string Name)> rows)
            {
                var ids = new List<int>();
                foreach (var chunk in rows.Chunk(Batch))
                {
                    var comments = chunk.Select(r => new Comment
                    {
                        ArticleId = articleId,
                        ParentId = r.ParentId,
                        AuthorName = $"{r.Name} {r.Index}",
                        AuthorEmail = $"reader{r.Index}@example.org",
                        Body = $"{r.Name} {r.Index} writes:{Sentences}",
                        Status = CommentStatus.Approved,
                        CreatedAt = first.AddMinutes(r.Index) + r.After,
                    }).ToList();
                    db.Comments.AddRange(comments);
                    await db.SaveChangesAsync();
                    ids.AddRange(comments.Select(c => c.Id));
                    db.ChangeTracker.Clear();
                }

                return ids;
            }

            discussion.Threads.AddRange(await AddAsync(Enumerable.Range(0, threads).Select(i => (i, (int?)null, TimeSpan.Zero, "Reader"))));
            var replied = Enumerable.Range(0, threads).Where(i => i % 2 == 0).ToList();
            var replies = await AddAsync(replied.Select(i => (i, (int?)discussion.Threads[i], TimeSpan.FromSeconds(20), "Replier")));
            for (var k = 0; k < replied.Count; k++)
            {
                discussion.Replies[replied[k]] = replies[k];
            }

            var nested = replied.Where(i => i % 10 == 0).ToList();
            var nestedIds = await AddAsync(nested.Select(i => (i, (int?)discussion.Replies[i], TimeSpan.FromSeconds(40), "Answerer")));
            for (var k = 0; k < nested.Count; k++)
            {
                discussion.NestedReplies[nested[k]] = nestedIds[k];
            }

            await services.GetRequiredService<PageCacheEviction>().CommentsChangedAsync(articleId);
            return 0;
        });
        return discussion;
    }
}
