using System.Net;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Nodes;

/// <summary>Redis stopped and started again under two nodes: pages never stop, nothing stale is served afterwards.</summary>
public abstract class RedisOutageTests(string provider)
{
    [Fact]
    public async Task Pages_answer_from_the_database_while_redis_is_down_and_are_cached_again_without_stale_content_when_it_returns()
    {
        await using var redis = await RedisTestServer.StartNewAsync();
        var prefix = RedisTest.UniquePrefix();
        var a = new NodeApp(provider, redis.ConnectionString, prefix);
        await a.InitializeAsync();
        var b = new NodeApp(provider, redis.ConnectionString, prefix, joins: a);
        await b.InitializeAsync();
        try
        {
            var article = await new ArticleBuilder().SaveAsync(a);
            var path = a.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
            using var reader = b.CreateHttpClient();
            await b.ProveServedFromCacheAsync(reader, article.Id, path);
            await a.WithDbAsync(async (_, services) =>
            {
                await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(article.Id);
                return 0;
            });

            await redis.StopAsync();

            // An edit on A while Redis is down: its eviction cannot reach Redis, and B shows the edit all the same.
            var during = $"Edited during the outage {Guid.NewGuid().ToString("N")[..6]}";
            await RenameAsync(a, article.Id, during, evict: true);
            using (var page = await reader.GetAsync(path))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains(WebUtility.HtmlEncode(during), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var home = await reader.GetAsync("/"))
            {
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            }

            using (var live = await reader.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
                Assert.Equal("""{"status":"Degraded","checks":{"database":"Healthy","redis":"Degraded"}}""", await live.Content.ReadAsStringAsync());
            }

            using (var ready = await reader.GetAsync("/healthz/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Contains("\"redis\":\"Degraded\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.Contains(b.Warnings.Entries, w => w.Contains("Redis is unreachable", StringComparison.Ordinal));
            Assert.Single(b.Warnings.Entries, w => w.Contains("Redis is unreachable", StringComparison.Ordinal));

            await redis.StartAsync();
            var back = await Eventually.TrueAsync(async () =>
            {
                using var ready = await reader.GetAsync("/healthz/ready");
                return ready.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(60));
            Assert.True(back, "Readiness did not come back after Redis returned.");

            // Back: the page shows the edit made during the outage, and is served from the cache again.
            var cachedAgain = await Eventually.TrueAsync(async () =>
            {
                var first = await reader.GetStringAsync(path);
                await RenameAsync(a, article.Id, $"Unseen rename {Guid.NewGuid().ToString("N")[..6]}", evict: false);
                var second = await reader.GetStringAsync(path);
                await RenameAsync(a, article.Id, during, evict: true);
                return first == second && first.Contains(WebUtility.HtmlEncode(during), StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(10));
            Assert.True(cachedAgain, "After Redis returned, the page was not cached again with the current headline.");
            Assert.Empty(a.Errors.Entries);
            Assert.Empty(b.Errors.Entries);
        }
        finally
        {
            await ((IAsyncLifetime)b).DisposeAsync();
            await ((IAsyncLifetime)a).DisposeAsync();
        }
    }

    private static Task<int> RenameAsync(NodeApp app, int articleId, string headline, bool evict) => app.WithDbAsync(async (db, services) =>
    {
        await db.Articles.Where(x => x.Id == articleId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Headline, headline));
        if (evict)
        {
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(articleId);
        }

        return 0;
    });
}

public sealed class SqliteRedisOutageTests() : RedisOutageTests("Sqlite");

public sealed class PostgresRedisOutageTests() : RedisOutageTests("PostgreSQL");
