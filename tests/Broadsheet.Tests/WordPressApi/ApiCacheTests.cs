using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Broadsheet.Tests.WordPressApi.WpHttp;

namespace Broadsheet.Tests.WordPressApi;

/// <summary>The API is served from the output cache, and the newsroom's changes evict it exactly as they evict the pages.</summary>
public abstract class ApiCacheTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : WordPressApiApp
{
    [Fact]
    public async Task An_edit_in_the_newsroom_shows_in_the_cached_API_at_once()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Quay reopens");
        var form = await NewsroomArticles.FormAsync(App, headline, "Publish");
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        string[] paths = [$"/wp-json/wp/v2/posts/{id}", "/wp-json/wp/v2/posts", $"/wp-json/wp/v2/posts?include={id}&_embed"];
        foreach (var path in paths)
        {
            Assert.Contains(headline, (await Client.WpOkAsync(path)).Body, StringComparison.Ordinal);
        }

        // A change written past every eviction is not seen: the answers come from the cache.
        var renamed = headline + " renamed past the cache";
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Headline, renamed)));
        foreach (var path in paths)
        {
            Assert.DoesNotContain(renamed, (await Client.WpOkAsync(path)).Body, StringComparison.Ordinal);
        }

        form["Input.Headline"] = headline + " after the edit";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        foreach (var path in paths)
        {
            Assert.True((await Client.WpOkAsync(path)).Body.Contains(headline + " after the edit", StringComparison.Ordinal), $"{path} does not show the edit.");
        }

        form["action"] = "Unpublish";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        (await Client.WpAsync(paths[0])).AssertError(HttpStatusCode.NotFound, "rest_post_invalid_id");
        Assert.DoesNotContain(id, (await Client.WpOkAsync(paths[1])).Ids);
    }

    [Fact]
    public async Task A_comment_approved_on_any_article_shows_in_the_cached_comments_list_at_once()
    {
        var article = await new ArticleBuilder().PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        const string path = "/wp-json/wp/v2/comments?per_page=100";
        await Client.WpOkAsync(path);

        var commentId = await App.WithDbAsync(async (db, _) =>
        {
            var comment = new Broadsheet.Comments.Comment
            {
                ArticleId = article.Id, AuthorName = "Vic", AuthorEmail = "v@example.com", Body = "Seen in the API.",
                Status = Broadsheet.Comments.CommentStatus.Approved, CreatedAt = DateTime.UtcNow,
            };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            return comment.Id;
        });
        // Written past every eviction: the list comes from the cache.
        Assert.DoesNotContain(commentId, (await Client.WpOkAsync(path)).Ids);

        // As approving, posting or removing a comment does.
        await App.WithDbAsync(async (_, services) =>
        {
            await services.GetRequiredService<Broadsheet.Site.PageCacheEviction>().CommentsChangedAsync(article.Id);
            return 0;
        });

        Assert.Contains(commentId, (await Client.WpOkAsync(path)).Ids);
    }

    [Fact]
    public async Task A_page_published_and_unpublished_in_the_newsroom_shows_in_the_cached_pages_API_at_once()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var title = Unique("Contact the newsroom");
        var slug = title.ToLowerInvariant().Replace(' ', '-');
        Assert.DoesNotContain(title, (await Client.WpOkAsync("/wp-json/wp/v2/pages")).Body, StringComparison.Ordinal);
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

        var listed = await Client.WpOkAsync("/wp-json/wp/v2/pages");
        Assert.Contains(title, listed.Body, StringComparison.Ordinal);
        var id = await App.WithDbAsync((db, _) => db.StaticPages.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

        // A change written past every eviction is not seen: the answers come from the cache.
        await App.WithDbAsync((db, _) => db.StaticPages.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, "Renamed past the cache")));
        Assert.DoesNotContain("Renamed past the cache", (await Client.WpOkAsync("/wp-json/wp/v2/pages")).Body, StringComparison.Ordinal);

        form["Input.Title"] = title;
        form["action"] = "Unpublish";
        using (var unpublished = await editor.PostFormAsync($"/newsroom/pages/edit/{id}", form, $"/newsroom/pages/edit/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, unpublished.StatusCode);
        }

        Assert.DoesNotContain(title, (await Client.WpOkAsync("/wp-json/wp/v2/pages")).Body, StringComparison.Ordinal);
        (await Client.WpAsync($"/wp-json/wp/v2/pages/{id}")).AssertError(HttpStatusCode.NotFound, "rest_post_invalid_id");
    }

    [Fact]
    public async Task A_new_article_moves_the_cached_counts_of_its_category()
    {
        var section = await App.WithDbAsync((db, _) => db.Sections.OrderBy(s => s.Position).Select(s => new { s.Id, s.Slug }).FirstAsync());
        var path = $"/wp-json/wp/v2/categories/{section.Id}";
        var before = (await Client.WpOkAsync(path)).Json.GetProperty("count").GetInt32();
        var total = (await Client.WpOkAsync("/wp-json/wp/v2/posts")).Total;

        await new ArticleBuilder().InSection(section.Slug).SaveAsync(App);

        Assert.Equal(before + 1, (await Client.WpOkAsync(path)).Json.GetProperty("count").GetInt32());
        Assert.Equal(total + 1, (await Client.WpOkAsync("/wp-json/wp/v2/posts")).Total);
    }
}

public sealed class SqliteApiCacheTests(WordPressApiApp app) : ApiCacheTests<WordPressApiApp>(app), IClassFixture<WordPressApiApp>;

public sealed class PostgresApiCacheTests(PostgresWordPressApiApp app) : ApiCacheTests<PostgresWordPressApiApp>(app), IClassFixture<PostgresWordPressApiApp>;
