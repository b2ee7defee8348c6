using System.Net;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Nodes;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Nodes;

/// <summary>Two nodes of one site in the test process, sharing its database and the test script's Redis (with a prefix of their own).</summary>
public abstract class InProcessNodes(string provider) : IAsyncLifetime
{
    public NodeApp A { get; private set; } = null!;
    public NodeApp B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var prefix = RedisTest.UniquePrefix();
        A = new NodeApp(provider, RedisTest.SharedConnectionString, prefix);
        await A.InitializeAsync();
        B = new NodeApp(provider, RedisTest.SharedConnectionString, prefix, joins: A);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)B).DisposeAsync();
        await ((IAsyncLifetime)A).DisposeAsync();
    }
}

public sealed class SqliteNodes() : InProcessNodes("Sqlite");

public sealed class PostgresNodes() : InProcessNodes("PostgreSQL");

public abstract class SharedCacheTests<TNodes>(TNodes nodes) where TNodes : InProcessNodes
{
    private NodeApp A => nodes.A;
    private NodeApp B => nodes.B;

    [Fact]
    public async Task An_article_edited_on_one_node_shows_on_the_next_request_to_a_page_the_other_node_cached()
    {
        var article = await new ArticleBuilder().SaveAsync(A);
        var path = ArticlePath(article);
        using var reader = B.CreateHttpClient();
        var renamed = await B.ProveServedFromCacheAsync(reader, article.Id, path);

        // Node A saves an edit the way the newsroom does: the change, then the eviction, on A only.
        await A.WithDbAsync(async (_, services) =>
        {
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(article.Id);
            return 0;
        });

        Assert.Contains(WebUtility.HtmlEncode(renamed), await reader.GetStringAsync(path), StringComparison.Ordinal);
        AssertNoErrors();
    }

    [Fact]
    public async Task A_comment_approved_on_one_node_shows_on_the_page_the_other_node_cached()
    {
        var article = await new ArticleBuilder().WithComment("Rosa Pending", "A held remark about the harbour wall", commentStatus: CommentStatus.Pending).SaveAsync(A);
        var path = ArticlePath(article);
        using var reader = B.CreateHttpClient();
        Assert.DoesNotContain("A held remark about the harbour wall", await reader.GetStringAsync(path), StringComparison.Ordinal);

        await A.WithDbAsync(async (db, services) =>
        {
            var ids = await db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Id).ToListAsync();
            return await services.GetRequiredService<CommentModeration>().SetStatusAsync(ids, CommentStatus.Approved, CancellationToken.None);
        });

        Assert.Contains("A held remark about the harbour wall", await reader.GetStringAsync(path), StringComparison.Ordinal);
        AssertNoErrors();
    }

    [Fact]
    public async Task Site_settings_saved_on_one_node_show_on_the_other_node_at_once()
    {
        using var reader = B.CreateHttpClient();
        var before = await reader.GetStringAsync("/");
        var title = $"The Valley Courier {Guid.NewGuid().ToString("N")[..6]}";

        // What the settings page does on node A: save, reload its own copy, evict, tell the other nodes.
        await A.WithDbAsync(async (db, services) =>
        {
            var settings = services.GetRequiredService<SiteSettingsStore>();
            var saved = await db.SiteSettings.FirstOrDefaultAsync(s => s.Id == 1);
            if (saved is null)
            {
                saved = settings.Snapshot();
                db.SiteSettings.Add(saved);
            }

            saved.Title = title;
            saved.UpdatedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
            await settings.RefreshAsync(db);
            await services.GetRequiredService<PageCacheEviction>().SiteChangedAsync();
            await services.GetRequiredService<SiteSettingsChannel>().SettingsSavedAsync();
            return 0;
        });

        // The message takes a moment to arrive; B has no poll in these tests, so only Redis can bring it.
        var shown = await Eventually.TrueAsync(() => Task.FromResult(B.Services.GetRequiredService<SiteSettingsStore>().Title == title), TimeSpan.FromSeconds(2));
        Assert.True(shown, "Node B did not receive the new site settings over Redis.");
        Assert.DoesNotContain(WebUtility.HtmlEncode(title), before, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(title), await reader.GetStringAsync("/"), StringComparison.Ordinal);
        AssertNoErrors();
    }

    [Fact]
    public async Task Healthz_reports_the_database_and_redis_and_ready_is_200_when_both_answer()
    {
        using var client = B.CreateHttpClient();
        using var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{"database":"Healthy","redis":"Healthy"}}""", await live.Content.ReadAsStringAsync());
        Assert.Contains("no-store", live.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        using var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{"database":"Healthy","migrations":"Healthy","redis":"Healthy"}}""", await ready.Content.ReadAsStringAsync());
    }

    private string ArticlePath(Broadsheet.Articles.Article article) =>
        A.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);

    private void AssertNoErrors()
    {
        Assert.Empty(A.Errors.Entries);
        Assert.Empty(B.Errors.Entries);
    }
}

public sealed class SqliteSharedCacheTests(SqliteNodes nodes) : SharedCacheTests<SqliteNodes>(nodes), IClassFixture<SqliteNodes>;

public sealed class PostgresSharedCacheTests(PostgresNodes nodes) : SharedCacheTests<PostgresNodes>(nodes), IClassFixture<PostgresNodes>;
