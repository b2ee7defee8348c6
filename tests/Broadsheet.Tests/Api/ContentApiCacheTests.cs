using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Broadsheet.Tests.Api.ApiHttp;

namespace Broadsheet.Tests.Api;

/// <summary>The Content API is served from the output cache, and the newsroom's changes evict it as they evict the pages.</summary>
public abstract class ContentApiCacheTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : ContentApiApp
{
    [Fact]
    public async Task An_article_published_edited_and_unpublished_in_the_newsroom_shows_in_the_cached_API_at_once()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Quay reopens");
        var list = "/api/v1/articles?per_page=100";
        Assert.DoesNotContain(headline, (await Client.ApiOkAsync(list)).Body, StringComparison.Ordinal);

        var form = await NewsroomArticles.FormAsync(App, headline, "Publish");
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        string[] paths = [$"/api/v1/articles/{id}", list];
        foreach (var path in paths)
        {
            Assert.Contains(headline, (await Client.ApiOkAsync(path)).Body, StringComparison.Ordinal);
        }

        // A change written past every eviction is not seen: the answers come from the cache.
        var renamed = headline + " renamed past the cache";
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Headline, renamed)));
        foreach (var path in paths)
        {
            Assert.DoesNotContain(renamed, (await Client.ApiOkAsync(path)).Body, StringComparison.Ordinal);
        }

        form["Input.Headline"] = headline + " after the edit";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        foreach (var path in paths)
        {
            Assert.True((await Client.ApiOkAsync(path)).Body.Contains(headline + " after the edit", StringComparison.Ordinal), $"{path} does not show the edit.");
        }

        form["action"] = "Unpublish";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        (await Client.ApiAsync(paths[0])).AssertProblem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, (await Client.ApiOkAsync(list)).Ids);
    }

    [Fact]
    public async Task A_page_published_and_unpublished_in_the_newsroom_shows_in_the_cached_pages_API_at_once()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var title = Unique("Contact the newsroom");
        var slug = title.ToLowerInvariant().Replace(' ', '-');
        var bySlug = $"/api/v1/pages/slug/{slug}";
        Assert.DoesNotContain(title, (await Client.ApiOkAsync("/api/v1/pages")).Body, StringComparison.Ordinal);
        (await Client.ApiAsync(bySlug)).AssertProblem(HttpStatusCode.NotFound);
        var form = new Dictionary<string, string>
        {
            ["Input.Title"] = title,
            ["Input.Slug"] = slug,
            ["Input.Description"] = "",
            ["Input.Body"] = "Write to the desk.",
            ["action"] = "Publish",
        };
        using (var saved = await editor.PostFormAsync("/newsroom/pages/edit", form, "/newsroom/pages/edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Contains(title, (await Client.ApiOkAsync("/api/v1/pages")).Body, StringComparison.Ordinal);
        Assert.Contains("Write to the desk.", (await Client.ApiOkAsync(bySlug)).Body, StringComparison.Ordinal);
        var id = await App.WithDbAsync((db, _) => db.StaticPages.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

        await App.WithDbAsync((db, _) => db.StaticPages.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Body, "Changed past the cache")));
        Assert.DoesNotContain("Changed past the cache", (await Client.ApiOkAsync(bySlug)).Body, StringComparison.Ordinal);

        form["Input.Body"] = "Write to the news desk.";
        form["action"] = "Unpublish";
        using (var unpublished = await editor.PostFormAsync($"/newsroom/pages/edit/{id}", form, $"/newsroom/pages/edit/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, unpublished.StatusCode);
        }

        Assert.DoesNotContain(title, (await Client.ApiOkAsync("/api/v1/pages")).Body, StringComparison.Ordinal);
        (await Client.ApiAsync(bySlug)).AssertProblem(HttpStatusCode.NotFound);
        (await Client.ApiAsync($"/api/v1/pages/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_approved_comment_shows_in_the_cached_comments_at_once()
    {
        var article = await new ArticleBuilder().WithComment("Una", "First.").SaveAsync(App);
        var path = $"/api/v1/articles/{article.Id}/comments";
        Assert.Single((await Client.ApiOkAsync(path)).Ids);

        await App.WithDbAsync(async (db, services) =>
        {
            db.Comments.Add(new Broadsheet.Comments.Comment { ArticleId = article.Id, AuthorName = "Vic", AuthorEmail = "v@example.com", Body = "Second.", Status = Broadsheet.Comments.CommentStatus.Approved, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            Assert.Single((await Client.ApiOkAsync(path)).Ids);
            await services.GetRequiredService<Broadsheet.Site.PageCacheEviction>().CommentsChangedAsync(article.Id);
            return 0;
        });

        Assert.Equal(2, (await Client.ApiOkAsync(path)).Ids.Count);
    }

    [Fact]
    public async Task An_answer_has_an_ETag_and_a_matching_If_None_Match_gets_304_until_it_changes()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = $"/api/v1/articles/{article.Id}";
        var first = await Client.ApiOkAsync(path);
        var etag = first.Header("ETag");
        Assert.False(string.IsNullOrEmpty(etag));

        var again = await Client.ApiAsync(path, prepare: r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.NotModified, again.Status);
        Assert.Empty(again.Body);

        await App.WithDbAsync(async (db, services) =>
        {
            await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Headline, "A new headline"));
            await services.GetRequiredService<Broadsheet.Site.PageCacheEviction>().ArticleChangedAsync(article.Id);
            return 0;
        });
        var changed = await Client.ApiAsync(path, prepare: r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("A new headline", changed.Json.GetProperty("headline").GetString());
        Assert.NotEqual(etag, changed.Header("ETag"));
    }
}

public sealed class SqliteContentApiCacheTests(ContentApiApp app) : ContentApiCacheTests<ContentApiApp>(app), IClassFixture<ContentApiApp>;

public sealed class PostgresContentApiCacheTests(PostgresContentApiApp app) : ContentApiCacheTests<PostgresContentApiApp>(app), IClassFixture<PostgresContentApiApp>;
