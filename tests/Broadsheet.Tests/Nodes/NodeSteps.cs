using System.Globalization;
using System.Net;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Nodes;

/// <summary>What the node tests do again and again: articles written past both nodes, moderation, waiting.</summary>
public static class NodeSteps
{
    /// <summary>A published article with open comments, written straight into the database (no node evicts anything).</summary>
    public static async Task<Article> PublishedArticleAsync(this TwoNodes nodes, ArticleBuilder? builder = null)
    {
        await using var db = nodes.OpenDb();
        return await (builder ?? new ArticleBuilder()).PublishedAgo(TimeSpan.FromMinutes(5)).SaveAsync(db, DateTime.UtcNow);
    }

    /// <summary>The article's address; the nodes run in UTC, the default time zone.</summary>
    public static string PathOf(Article article) =>
        string.Create(CultureInfo.InvariantCulture, $"/{article.PublishedAt!.Value:yyyy}/{article.PublishedAt.Value:MM}/{article.PublishedAt.Value:dd}/{article.Slug}");

    /// <summary>
    /// Reads the page through <paramref name="client"/> until its node answers from the shared cache. The node that
    /// rendered it stores it in Redis after the reader already has the bytes, so a request made at once can still miss.
    /// </summary>
    public static async Task<string> CachedPageAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
            if (response.Headers.Age.HasValue)
            {
                return await response.Content.ReadAsStringAsync();
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} was never served from the cache");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Renames the article past every node and cache: a node that still shows the old headline serves the page from
    /// its cache. Returns the new headline, which a page shows once something evicted it.
    /// </summary>
    public static async Task<string> RenamePastTheCacheAsync(this TwoNodes nodes, Article article)
    {
        var renamed = $"{article.Headline} renamed past the cache {Guid.NewGuid().ToString("N")[..6]}";
        await using var db = nodes.OpenDb();
        await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Headline, renamed));
        return renamed;
    }

    /// <summary>Approves held comments through the newsroom's moderation page, signed in on <paramref name="node"/>.</summary>
    public static async Task ApproveAsync(this TwoNodes nodes, AppProcess node, params int[] ids)
    {
        using var moderator = await TwoNodes.SignInAsync(node, nodes.Email);
        var fields = ids.Select(id => new KeyValuePair<string, string>("Selected", id.ToString(CultureInfo.InvariantCulture)))
            .Append(new("BulkAction", "approve"));
        using var response = await moderator.PostFormAsync("/newsroom/comments?handler=Bulk&status=pending", fields, "/newsroom/comments");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Posts a comment as a new reader (so it is held for moderation) through <paramref name="node"/>; returns its id.</summary>
    public static async Task<int> HeldCommentAsync(AppProcess node, Article article, string text)
    {
        using var reader = new Commenter(node.CreateHttpClient(), clock: null);
        return await reader.PostAndGetIdAsync(article, text, name: "First-time Reader", email: $"reader-{Guid.NewGuid():N}@example.org");
    }

    /// <summary>How many audit entries record the watcher publishing the article with this headline.</summary>
    public static async Task<int> ScheduledPublicationsAsync(this TwoNodes nodes, string headline)
    {
        await using var db = nodes.OpenDb();
        return await db.AuditEntries.CountAsync(e => e.Action == PublicationWatcher.AuditAction && e.Subject == headline);
    }

    /// <summary>
    /// Schedules an article a few seconds ahead, with no alert, and waits until a node has published it and both
    /// watchers have looked at least once more. Returns the article.
    /// </summary>
    public static async Task<Article> ScheduleAndWaitAsync(this TwoNodes nodes)
    {
        Article article;
        await using (var db = nodes.OpenDb())
        {
            article = await new ArticleBuilder().InSection("scheduled").Status(ArticleStatus.Scheduled)
                .PublishedAt(DateTime.UtcNow.AddSeconds(3)).SaveAsync(db, DateTime.UtcNow);
            await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.EmailSubscribers, false));
        }

        await UntilAsync(async () => await nodes.ScheduledPublicationsAsync(article.Headline) > 0, TimeSpan.FromSeconds(40),
            "No node published the scheduled article.");
        // Both watchers tick every 5 s: after two more ticks the one that lost the race has looked too.
        await Task.Delay(PublicationWatcher.Interval * 2 + TimeSpan.FromSeconds(1));
        return article;
    }

    /// <summary>Lines the node logged since <paramref name="since"/> (a length of its output) that contain <paramref name="text"/>.</summary>
    public static int LinesSince(AppProcess node, int since, string text) =>
        node.Output[Math.Min(since, node.Output.Length)..].Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }
}
