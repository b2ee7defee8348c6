using System.Net;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Api;

/// <summary>Articles through the Admin API: the editor's own rules, messages and side effects, as JSON.</summary>
public abstract class AdminArticlesApiTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private const string Articles = "/api/v1/admin/articles";

    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task An_author_creates_updates_publishes_and_unpublishes_an_article_which_appears_on_and_leaves_the_site()
    {
        var author = await App.NewTokenAsync(NewsroomRoles.Author);
        using var api = App.Bearer(author.Token);
        var headline = Unique("API story");
        var sectionId = await App.FirstSectionIdAsync();

        using var created = await api.PostJsonAsync(Articles, new { headline, body = "Written by a **program**.", sectionId, tags = new[] { "Robots" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var article = await created.JsonAsync();
        var id = article.GetProperty("id").GetInt32();
        Assert.Equal($"{App.BaseAddress.ToString().TrimEnd('/')}{Articles}/{id}", created.Headers.Location?.ToString());
        Assert.Equal("draft", article.GetProperty("status").GetString());
        Assert.Equal("Robots", article.GetProperty("tags")[0].GetString());
        Assert.EndsWith("Z", article.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http", article.GetProperty("editUrl").GetString(), StringComparison.Ordinal);

        using (var updated = await api.PutAsync($"{Articles}/{id}", AdminApiTestKit.JsonContent(new { headline = headline + " updated", body = "New words.", sectionId })))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
            Assert.Equal(headline + " updated", (await updated.JsonAsync()).GetProperty("headline").GetString());
        }

        using (var published = await api.PostAsync($"{Articles}/{id}/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            var json = await published.JsonAsync();
            Assert.Equal("published", json.GetProperty("status").GetString());
            var url = json.GetProperty("url").GetString()!;
            Assert.StartsWith("http", url, StringComparison.Ordinal);
            Assert.Contains(headline + " updated", await Client.GetStringAsync(new Uri(url).PathAndQuery), StringComparison.Ordinal);
        }

        Assert.Contains(headline + " updated", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        using (var unpublished = await api.PostAsync($"{Articles}/{id}/unpublish", null))
        {
            Assert.Equal("unpublished", (await unpublished.JsonAsync()).GetProperty("status").GetString());
        }

        Assert.DoesNotContain(headline, await Client.GetStringAsync("/"), StringComparison.Ordinal);
        using (var again = await api.PostAsync($"{Articles}/{id}/unpublish", null))
        {
            await again.ProblemAsync(409);
        }

        var revisions = await App.WithDbAsync((db, _) => db.ArticleRevisions.Where(r => r.ArticleId == id).Select(r => r.Note).ToListAsync());
        Assert.Contains("Published", revisions);
        Assert.Contains("Unpublished", revisions);
    }

    [Fact]
    public async Task Validation_errors_are_the_editors_messages_as_problem_details_naming_each_field()
    {
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        using var api = App.Bearer(editor.Token);
        // The form's own checks first (as the newsroom page's model validation), then the editor's.
        using var response = await api.PostJsonAsync(Articles, new { headline = "", standfirst = new string('x', 1001) });
        var errors = (await response.ProblemAsync(400)).GetProperty("errors");
        Assert.Equal("Enter a headline.", errors.GetProperty("headline")[0].GetString());
        Assert.Equal("Keep the standfirst under 1,000 characters.", errors.GetProperty("standfirst")[0].GetString());
        Assert.Equal("Choose a section.", errors.GetProperty("sectionId")[0].GetString());

        using var second = await api.PostJsonAsync(Articles, new { headline = "Fine", sectionId = 999_999, imageId = 999_999, tags = Enumerable.Range(0, 25).Select(i => $"tag {i}") });
        var fields = (await second.ProblemAsync(400)).GetProperty("errors");
        Assert.Equal("Choose a section.", fields.GetProperty("sectionId")[0].GetString());
        Assert.Equal("That image is no longer in the media library. Choose another.", fields.GetProperty("imageId")[0].GetString());
        Assert.Equal("Use at most 20 tags of up to 100 characters each.", fields.GetProperty("tags")[0].GetString());

        using var id = await api.PostJsonAsync(Articles, new { headline = Unique("Empty body"), sectionId = await App.FirstSectionIdAsync() });
        var draftId = (await id.JsonAsync()).GetProperty("id").GetInt32();
        using var publish = await api.PostAsync($"{Articles}/{draftId}/publish", null);
        Assert.Equal("Write the body of the article before it goes further.", (await publish.ProblemAsync(400)).GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task A_contributor_cannot_publish_and_gets_the_editors_reason()
    {
        var contributor = await App.NewTokenAsync(NewsroomRoles.Contributor);
        var id = await App.OwnArticleAsync(contributor, ArticleStatus.Draft);
        using var api = App.Bearer(contributor.Token);
        using var refused = await api.PostAsync($"{Articles}/{id}/publish", null);
        Assert.Contains("Contributors cannot publish", (await refused.ProblemAsync(403)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ArticleStatus.Draft, (await NewsroomArticles.LoadAsync(App, id)).Status);
    }

    [Fact]
    public async Task Schedule_takes_a_future_time_and_refuses_a_past_one()
    {
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        var id = await App.OwnArticleAsync(editor, ArticleStatus.Draft);
        using var api = App.Bearer(editor.Token);
        using (var past = await api.PostJsonAsync($"{Articles}/{id}/schedule", new { publishAt = App.Clock.GetUtcNow().AddHours(-1) }))
        {
            Assert.Equal("Choose a publication time in the future.", (await past.ProblemAsync(400)).GetProperty("errors").GetProperty("publishAt")[0].GetString());
        }

        var when = App.Clock.GetUtcNow().AddDays(2);
        using var scheduled = await api.PostJsonAsync($"{Articles}/{id}/schedule", new { publishAt = when });
        var json = await scheduled.JsonAsync();
        Assert.Equal("scheduled", json.GetProperty("status").GetString());
        Assert.Equal(when.UtcDateTime, json.GetProperty("publishedAt").GetDateTime().ToUniversalTime(), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Articles_of_others_are_hidden_from_authors_but_not_from_editors()
    {
        var owner = await App.NewTokenAsync(NewsroomRoles.Author);
        var other = await App.NewTokenAsync(NewsroomRoles.Author);
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        var id = await App.OwnArticleAsync(owner, ArticleStatus.Draft);
        using (var api = App.Bearer(other.Token))
        {
            await (await api.GetAsync($"{Articles}/{id}")).ProblemAsync(404);
            var list = await (await api.GetAsync(Articles)).JsonAsync();
            Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetInt32() == id);
        }

        using (var api = App.Bearer(editor.Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{Articles}/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task Delete_removes_the_article_with_its_comments_and_revisions_and_its_page_and_authors_may_delete_only_their_drafts()
    {
        var author = await App.NewTokenAsync(NewsroomRoles.Author);
        var published = await App.OwnArticleAsync(author, ArticleStatus.Published);
        using var api = App.Bearer(author.Token);
        using (var refused = await api.DeleteAsync($"{Articles}/{published}"))
        {
            Assert.Contains("only your own drafts", (await refused.ProblemAsync(403)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var article = await new ArticleBuilder().WithComment("Reader", "First!").WithComment("Other", "Reply", replyTo: 0).SaveAsync(App);
        var path = App.Services.GetRequiredService<Broadsheet.Site.SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
        Assert.Contains(article.Headline, await Client.GetStringAsync(path), StringComparison.Ordinal); // now cached
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        using var editorApi = App.Bearer(editor.Token);
        using (var deleted = await editorApi.DeleteAsync($"{Articles}/{article.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        // It was public: its address says it is gone for good, not merely missing.
        Assert.Equal(HttpStatusCode.Gone, (await Client.GetAsync(path)).StatusCode);
        Assert.DoesNotContain(article.Headline, await Client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync((db, _) => db.Comments.AnyAsync(c => c.ArticleId == article.Id)));
        Assert.Contains("Deleted article", await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Subject == article.Headline).Select(a => a.Action).ToListAsync()));

        var draft = await App.OwnArticleAsync(author, ArticleStatus.Draft);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"{Articles}/{draft}")).StatusCode);
        await (await api.GetAsync($"{Articles}/{draft}")).ProblemAsync(404);
    }

    [Fact]
    public async Task An_Idempotency_Key_replays_the_first_answer_and_refuses_a_different_request()
    {
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        using var api = App.Bearer(editor.Token);
        var headline = Unique("Idempotent");
        var sectionId = await App.FirstSectionIdAsync();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request(string h) => new(HttpMethod.Post, Articles)
        {
            Content = AdminApiTestKit.JsonContent(new { headline = h, body = "Once.", sectionId }),
            Headers = { { "Idempotency-Key", key } },
        };

        using var first = await api.SendAsync(Request(headline));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var firstBody = await first.Content.ReadAsStringAsync();

        using var repeat = await api.SendAsync(Request(headline));
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody, await repeat.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(1, await App.WithDbAsync((db, _) => db.Articles.CountAsync(a => a.Headline == headline)));

        using var different = await api.SendAsync(Request(headline + " changed"));
        await different.ProblemAsync(422);
        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Headline == headline + " changed")));

        // A day later the key is forgotten and may be used again.
        App.Clock.Advance(TimeSpan.FromHours(25));
        using var later = await api.SendAsync(Request(headline + " changed"));
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task Requests_with_one_Idempotency_Key_sent_at_the_same_moment_create_one_article_and_log_no_error()
    {
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        using var api = App.Bearer(editor.Token);
        var sectionId = await App.FirstSectionIdAsync();
        App.Errors.Clear();
        for (var round = 0; round < 5; round++)
        {
            var headline = Unique("Sent four times");
            var key = Guid.NewGuid().ToString();
            var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => api.SendAsync(new HttpRequestMessage(HttpMethod.Post, Articles)
            {
                Content = AdminApiTestKit.JsonContent(new { headline, body = "Once.", sectionId }),
                Headers = { { "Idempotency-Key", key } },
            }))));
            try
            {
                // One did the work; each other one got its answer again, or was told the first is still running.
                Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed"));
                foreach (var other in responses.Where(r => r.Headers.Contains("Idempotent-Replayed") || r.StatusCode != HttpStatusCode.Created))
                {
                    if (other.StatusCode != HttpStatusCode.Created)
                    {
                        Assert.Contains("still being processed", (await other.ProblemAsync(409)).GetProperty("detail").GetString(), StringComparison.Ordinal);
                    }
                }

                Assert.Equal(1, await App.WithDbAsync((db, _) => db.Articles.CountAsync(a => a.Headline == headline)));
            }
            finally
            {
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }
        }

        Assert.Empty(App.Errors.Entries);
    }
}

public sealed class SqliteAdminArticlesApiTests(NewsroomApp app) : AdminArticlesApiTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresAdminArticlesApiTests(PostgresNewsroomApp app) : AdminArticlesApiTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
