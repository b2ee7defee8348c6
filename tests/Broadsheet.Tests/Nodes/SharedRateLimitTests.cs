using System.Net;
using System.Security.Cryptography;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Nodes;

/// <summary>Two nodes counting one reader's comments in Redis; each node counting alone while Redis is down.</summary>
public sealed class SharedRateLimitTests
{
    private static Dictionary<string, string?> Node(string redis, string prefix, string key) => new()
    {
        ["ConnectionStrings:Redis"] = redis,
        ["Broadsheet:Redis:Prefix"] = prefix,
        [KeyEncryptionKey.SettingName] = key,
        ["Broadsheet:Comments:PostsPerMinute"] = "5",
        ["Broadsheet:Api:PermitLimit"] = "4",
        ["Broadsheet:Api:WindowSeconds"] = "60",
    };

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Comments_posted_alternately_on_two_nodes_hit_the_limit_at_the_configured_count_in_total()
    {
        var database = new PostgresTestDatabase();
        await database.CreateAsync();
        var (prefix, key) = (RedisTest.UniquePrefix(), NewKey());
        var nodes = await CommentNode.StartAsync(database, Node(RedisTest.SharedConnectionString, prefix, key), Node(RedisTest.SharedConnectionString, prefix, key));
        var (a, b) = (nodes[0], nodes[1]);
        try
        {
            await a.SetDiscussionAsync(p => p.HoldFirstComment = false);
            var article = await new ArticleBuilder().SaveAsync(a);
            using var onA = new Commenter(a);
            using var onB = new Commenter(b);
            for (var i = 1; i <= 5; i++)
            {
                var response = await (i % 2 == 1 ? onA : onB).PostAsync(article, $"Comment number {i}.");
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }

            var refused = await onB.PostAsync(article, "Comment number six, kept.");

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("Comment number six, kept.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await onA.PostAsync(article, "Comment number seven.")).StatusCode);
            Assert.Equal(5, (await a.CommentsOnAsync(article.Id)).Count);

            // The counts live under this site's prefix, so sites sharing one Redis never meet.
            await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisTest.SharedConnectionString))
            {
                var server = redis.GetServer(redis.GetEndPoints()[0]);
                Assert.NotEmpty(server.Keys(pattern: prefix + "rl:fw:{comment-posts:*"));
            }

            // The API's limit is shared the same way, and its 429 says when to come back.
            using var apiA = a.CreateHttpClient();
            using var apiB = b.CreateHttpClient();
            for (var i = 1; i <= 4; i++)
            {
                using var ok = await (i % 2 == 1 ? apiA : apiB).GetAsync("/api/v1/articles");
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            using var tooMany = await apiA.GetAsync("/api/v1/articles");
            Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
            Assert.True(tooMany.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {tooMany.Headers.RetryAfter}");
            Assert.Empty(a.Errors.Entries);
            Assert.Empty(b.Errors.Entries);
            Assert.DoesNotContain(a.Warnings.Entries, w => w.Contains("No XML encryptor", StringComparison.Ordinal));
        }
        finally
        {
            await CommentNode.StopAsync(database, nodes);
        }
    }

    [Fact]
    public async Task While_Redis_is_down_a_node_counts_alone_up_to_the_limit_and_logs_a_warning_once()
    {
        await using var redis = await RedisTestServer.StartNewAsync();
        var database = new PostgresTestDatabase();
        await database.CreateAsync();
        var nodes = await CommentNode.StartAsync(database, Node(redis.ConnectionString, RedisTest.UniquePrefix(), NewKey()));
        var a = nodes[0];
        try
        {
            await a.SetDiscussionAsync(p => p.HoldFirstComment = false);
            var article = await new ArticleBuilder().SaveAsync(a);
            using var reader = new Commenter(a);
            Assert.Equal(HttpStatusCode.Redirect, (await reader.PostAsync(article, "Posted while Redis answers.")).StatusCode);

            await redis.StopAsync();
            for (var i = 1; i <= 5; i++)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await reader.PostAsync(article, $"Posted while Redis is down, number {i}.")).StatusCode);
            }

            var refused = await reader.PostAsync(article, "One too many, kept.");

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("One too many, kept.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Single(a.Warnings.Entries, w => w.Contains("Redis is unreachable", StringComparison.Ordinal) && w.Contains("rate limits", StringComparison.Ordinal));
            Assert.Empty(a.Errors.Entries);
        }
        finally
        {
            await CommentNode.StopAsync(database, nodes);
        }
    }
}
