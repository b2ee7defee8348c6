using System.Globalization;
using System.Net;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using static Broadsheet.Tests.Api.ApiHttp;

namespace Broadsheet.Tests.Api;

/// <summary>Every Content API endpoint, as a client reads it, on each database.</summary>
public abstract class ContentApiTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : ContentApiApp
{
    private string Origin => App.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task An_article_comes_with_UTC_times_absolute_urls_and_its_body_as_written_and_rendered()
    {
        var tag = Unique("Harbour");
        var published = new DateTime(2024, 4, 24, 2, 30, 0, DateTimeKind.Utc);
        var article = await new ArticleBuilder().Headline("Bridge reopens").Standfirst("After six weeks.").Body("The bridge *reopened* today.")
            .Tagged(tag).By("Ada Reporter").PublishedAt(published).WithImage().SaveAsync(App);

        foreach (var path in new[] { $"/api/v1/articles/{article.Id}", $"/api/v1/articles/slug/{article.Slug}" })
        {
            var json = (await Client.ApiOkAsync(path)).Json;
            Assert.Equal(article.Id, json.GetProperty("id").GetInt32());
            Assert.Equal("Bridge reopens", json.GetProperty("headline").GetString());
            Assert.Equal("After six weeks.", json.GetProperty("standfirst").GetString());
            // UTC with a Z, although the site's zone (New York) puts this on the 23rd.
            Assert.Equal("2024-04-24T02:30:00Z", json.GetProperty("publishedAt").GetString());
            Assert.Equal($"{Origin}/2024/04/23/{article.Slug}", json.GetProperty("url").GetString());
            Assert.Equal($"{Origin}/api/v1/articles/{article.Id}", json.GetProperty("apiUrl").GetString());
            Assert.Equal("The bridge *reopened* today.", json.GetProperty("body").GetString());
            Assert.Equal("markdown", json.GetProperty("bodyFormat").GetString());
            Assert.Contains("<em>reopened</em>", json.GetProperty("html").GetString(), StringComparison.Ordinal);
            Assert.Equal($"{Origin}/author/ada-reporter", json.GetProperty("authors")[0].GetProperty("url").GetString());
            Assert.Equal("Ada Reporter", json.GetProperty("authors")[0].GetProperty("name").GetString());
            Assert.Equal(tag, json.GetProperty("tags")[0].GetProperty("name").GetString());
            Assert.StartsWith($"{Origin}/tag/", json.GetProperty("tags")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.StartsWith($"{Origin}/section/", json.GetProperty("section").GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.Equal($"{Origin}/demo/telescope.webp", json.GetProperty("image").GetProperty("url").GetString());
            Assert.Equal($"{Origin}/api/v1/articles/{article.Id}/comments", json.GetProperty("commentsUrl").GetString());
        }
    }

    [Fact]
    public async Task Only_published_articles_are_listed_and_the_others_answer_404_problem_details()
    {
        var tag = Unique("Only published");
        var published = await new ArticleBuilder().Tagged(tag).SaveAsync(App);
        var draft = await new ArticleBuilder().Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);
        var scheduled = await new ArticleBuilder().Tagged(tag).Status(ArticleStatus.Scheduled).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        var future = await new ArticleBuilder().Tagged(tag).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        var withdrawn = await new ArticleBuilder().Tagged(tag).Status(ArticleStatus.Unpublished).SaveAsync(App);

        var list = await Client.ApiOkAsync($"/api/v1/articles?tag={Slugs.From(tag)}");
        Assert.Equal([published.Id], list.Ids);
        Assert.Equal(1, list.Json.GetProperty("total").GetInt32());
        foreach (var hidden in new[] { draft, scheduled, future, withdrawn })
        {
            (await Client.ApiAsync($"/api/v1/articles/{hidden.Id}")).AssertProblem(HttpStatusCode.NotFound);
            (await Client.ApiAsync($"/api/v1/articles/slug/{hidden.Slug}")).AssertProblem(HttpStatusCode.NotFound);
            (await Client.ApiAsync($"/api/v1/articles/{hidden.Id}/comments")).AssertProblem(HttpStatusCode.NotFound);
        }

        (await Client.ApiAsync("/api/v1/articles/999999")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Articles_filter_by_section_tag_author_and_dates()
    {
        var section = Slugs.From(Unique("desk"));
        var tag = Unique("Filter");
        var word = "w" + Guid.NewGuid().ToString("N")[..9];
        var april = await new ArticleBuilder().InSection(section).Tagged(tag).By("Filter Writer One").Body($"The {word} plan.").PublishedAt(new DateTime(2024, 4, 10, 12, 0, 0, DateTimeKind.Utc)).SaveAsync(App);
        var may = await new ArticleBuilder().InSection(section).By("Filter Writer Two").PublishedAt(new DateTime(2024, 5, 31, 23, 0, 0, DateTimeKind.Utc)).SaveAsync(App);
        var june = await new ArticleBuilder().InSection(section).Tagged(tag).By("Filter Writer Two").PublishedAt(new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc)).SaveAsync(App);

        Assert.Equal([june.Id, may.Id, april.Id], (await Client.ApiOkAsync($"/api/v1/articles?section={section}")).Ids);
        Assert.Equal([june.Id, april.Id], (await Client.ApiOkAsync($"/api/v1/articles?tag={Slugs.From(tag)}")).Ids);
        Assert.Equal([june.Id, may.Id], (await Client.ApiOkAsync($"/api/v1/articles?section={section}&author=filter-writer-two")).Ids);
        // A bare "to" date includes that whole day; "from" is inclusive.
        Assert.Equal([may.Id], (await Client.ApiOkAsync($"/api/v1/articles?section={section}&from=2024-05-01&to=2024-05-31")).Ids);
        Assert.Equal([june.Id], (await Client.ApiOkAsync($"/api/v1/articles?section={section}&from=2024-06-01T00:00:00Z")).Ids);
        Assert.Equal([april.Id], (await Client.ApiOkAsync($"/api/v1/articles?section={section}&to=2024-04-10T14:00:00%2B01:00")).Ids);
        Assert.Empty((await Client.ApiOkAsync("/api/v1/articles?section=no-such-section")).Ids);

        // One tag or one author with the other filters (read from the tag's links and the author's bylines).
        var tagged = $"/api/v1/articles?tag={Slugs.From(tag)}";
        Assert.Equal([june.Id, april.Id], (await Client.ApiOkAsync($"{tagged}&section={section}")).Ids);
        Assert.Empty((await Client.ApiOkAsync($"{tagged}&section=no-such-section")).Ids);
        Assert.Equal([april.Id], (await Client.ApiOkAsync($"{tagged}&to=2024-05-31")).Ids);
        Assert.Equal([april.Id], (await Client.ApiOkAsync($"{tagged}&q={word}")).Ids);
        Assert.Empty((await Client.ApiOkAsync($"{tagged}&q={word}&from=2024-05-01")).Ids);
        Assert.Equal([june.Id], (await Client.ApiOkAsync($"/api/v1/articles?author=filter-writer-two&from=2024-06-01&to=2024-06-01")).Ids);
        var twoOfThem = await Client.ApiOkAsync($"/api/v1/articles?author=filter-writer-two&from=2024-05-01&to=2024-06-30&per_page=1");
        Assert.Equal([june.Id], twoOfThem.Ids);
        Assert.Equal(2, twoOfThem.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Paging_by_page_and_by_cursor_meet_every_article_once_newest_first()
    {
        var tag = Unique("Paging");
        var start = new DateTime(2023, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            // Two share a time: the id breaks the tie, in both kinds of paging.
            ids.Add((await new ArticleBuilder().Tagged(tag).PublishedAt(start.AddHours(i == 4 ? 3 : i)).SaveAsync(App)).Id);
        }

        var expected = ids.Select((id, i) => (id, at: start.AddHours(i == 4 ? 3 : i))).OrderByDescending(x => x.at).ThenByDescending(x => x.id).Select(x => x.id).ToList();
        var basePath = $"/api/v1/articles?tag={Slugs.From(tag)}&per_page=2";

        var byPage = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            var answer = await Client.ApiOkAsync($"{basePath}&page={page}");
            byPage.AddRange(answer.Ids);
            Assert.Equal(5, answer.Json.GetProperty("total").GetInt32());
            Assert.Equal(page, answer.Json.GetProperty("page").GetInt32());
            var links = answer.Json.GetProperty("links");
            Assert.Equal(page < 3, links.GetProperty("next").ValueKind == System.Text.Json.JsonValueKind.String);
            Assert.Equal(page > 1, links.GetProperty("prev").ValueKind == System.Text.Json.JsonValueKind.String);
        }

        Assert.Equal(expected, byPage);

        // By cursor, following links.next as a client does; an article published meanwhile shifts nothing.
        var byCursor = new List<int>();
        var first = await Client.ApiOkAsync(basePath);
        byCursor.AddRange(first.Ids);
        await new ArticleBuilder().Tagged(tag).PublishedAt(start.AddHours(10)).SaveAsync(App);
        var next = first.Json.GetProperty("nextCursor").GetString();
        while (next is not null)
        {
            var answer = await Client.ApiOkAsync($"{basePath}&cursor={Uri.EscapeDataString(next)}");
            Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.Json.GetProperty("page").ValueKind);
            byCursor.AddRange(answer.Ids);
            next = answer.Json.GetProperty("nextCursor").GetString();
            var link = answer.Json.GetProperty("links").GetProperty("next").GetString();
            Assert.Equal(next is null, link is null);
            Assert.True(link is null || link.StartsWith(Origin + "/api/v1/articles?", StringComparison.Ordinal), link);
        }

        Assert.Equal(expected, byCursor);
    }

    [Fact]
    public async Task Bad_parameters_answer_400_problem_details_that_name_the_parameter()
    {
        (string Query, string Parameter)[] cases =
        [
            ("per_page=abc", "per_page"), ("per_page=1000", "per_page"), ("per_page=0", "per_page"), ("page=-1", "page"),
            ("page=x", "page"), ("from=yesterday", "from"), ("to=2024-13-45", "to"), ("from=2024-05-02&to=2024-05-01", "to"),
            ("cursor=not-a-cursor", "cursor"), ("cursor=" + new string('A', 200), "cursor"), ("cursor=MTIz&page=2", "page"),
        ];
        foreach (var (query, parameter) in cases)
        {
            var problem = (await Client.ApiAsync($"/api/v1/articles?{query}")).AssertProblem(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"{query}: {problem}");
            Assert.Contains(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/api/v1/tags?per_page=abc", "/api/v1/authors?page=0", "/api/v1/sections?per_page=101", "/api/v1/pages?page=abc" })
        {
            (await Client.ApiAsync(path)).AssertProblem(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Sections_tags_and_authors_are_listed_with_links_to_their_pages_and_articles()
    {
        var tag = Unique("Listed tag");
        var author = Unique("Listed Writer");
        var section = Slugs.From(Unique("listed"));
        await new ArticleBuilder().InSection(section).Tagged(tag).By(author).SaveAsync(App);
        var hiddenTag = Unique("Draft-only tag");
        await new ArticleBuilder().Tagged(hiddenTag).Status(ArticleStatus.Draft).SaveAsync(App);

        var sections = await Client.ApiOkAsync("/api/v1/sections?per_page=100");
        var listed = sections.Items.Single(s => s.GetProperty("slug").GetString() == section);
        Assert.Equal($"{Origin}/section/{section}", listed.GetProperty("url").GetString());
        Assert.Equal($"{Origin}/api/v1/articles?section={section}", listed.GetProperty("articlesUrl").GetString());
        var positions = sections.Items.Select(s => s.GetProperty("position").GetInt32()).ToList();
        Assert.Equal(positions.Order(), positions);

        var tags = await Client.ApiOkAsync("/api/v1/tags?per_page=100");
        Assert.Contains(tags.Items, t => t.GetProperty("name").GetString() == tag && t.GetProperty("url").GetString() == $"{Origin}/tag/{Slugs.From(tag)}");
        Assert.DoesNotContain(tags.Items, t => t.GetProperty("name").GetString() == hiddenTag);

        var authors = await Client.ApiOkAsync("/api/v1/authors?per_page=100");
        var writer = authors.Items.Single(a => a.GetProperty("name").GetString() == author);
        Assert.Equal($"{Origin}/author/{Slugs.From(author)}", writer.GetProperty("url").GetString());
        Assert.False(writer.TryGetProperty("email", out _));

        var firstPage = await Client.ApiOkAsync("/api/v1/tags?per_page=1");
        Assert.Single(firstPage.Ids);
        Assert.Equal(tags.Json.GetProperty("total").GetInt32(), firstPage.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Static_pages_are_published_ones_only_with_their_body_by_id_and_slug()
    {
        var about = await new StaticPageBuilder().Titled(Unique("About us")).Markdown("We *cover* the valley.").SaveAsync(App);
        var draft = await new StaticPageBuilder().Titled(Unique("Draft page")).Draft().SaveAsync(App);

        var list = await Client.ApiOkAsync("/api/v1/pages?per_page=100");
        var listed = list.Items.Single(p => p.GetProperty("id").GetInt32() == about.Id);
        Assert.Equal($"{Origin}/{about.Slug}", listed.GetProperty("url").GetString());
        Assert.DoesNotContain(draft.Id, list.Ids);

        foreach (var path in new[] { $"/api/v1/pages/{about.Id}", $"/api/v1/pages/slug/{about.Slug}" })
        {
            var json = (await Client.ApiOkAsync(path)).Json;
            Assert.Equal(about.Title, json.GetProperty("title").GetString());
            Assert.Equal("We *cover* the valley.", json.GetProperty("body").GetString());
            Assert.Contains("<em>cover</em>", json.GetProperty("html").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("Z", json.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);
        }

        (await Client.ApiAsync($"/api/v1/pages/{draft.Id}")).AssertProblem(HttpStatusCode.NotFound);
        (await Client.ApiAsync($"/api/v1/pages/slug/{draft.Slug}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_articles_comments_are_its_approved_reader_comments_oldest_first_with_their_threads()
    {
        var article = await new ArticleBuilder()
            .WithComment("Una", "Lovely news.")
            .WithComment("Vic", "Agreed!", replyTo: 0)
            .WithComment("Held", "Hmm", commentStatus: CommentStatus.Pending)
            .WithComment("Spammer", "Buy", commentStatus: CommentStatus.Spam)
            .SaveAsync(App);
        var pingback = await App.WithDbAsync(async (db, _) =>
        {
            var comment = new Comment { ArticleId = article.Id, AuthorName = "Other blog", AuthorEmail = "", Body = "Linked", Status = CommentStatus.Approved, Kind = CommentKind.Pingback, CreatedAt = DateTime.UtcNow };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            return comment.Id;
        });

        var answer = await Client.ApiOkAsync($"/api/v1/articles/{article.Id}/comments");
        var comments = answer.Items.ToList();
        Assert.Equal(["Una", "Vic"], comments.Select(c => c.GetProperty("authorName").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, comments[0].GetProperty("parentId").ValueKind);
        Assert.Equal(comments[0].GetProperty("id").GetInt32(), comments[1].GetProperty("parentId").GetInt32());
        Assert.Equal("Agreed!", comments[1].GetProperty("body").GetString());
        Assert.True(DateTime.TryParse(comments[0].GetProperty("createdAt").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var created));
        Assert.Equal(DateTimeKind.Utc, created.Kind);
        Assert.DoesNotContain(pingback, answer.Ids);
        Assert.DoesNotContain("reader@example.com", answer.Body, StringComparison.Ordinal);
    }
}

public sealed class SqliteContentApiTests(ContentApiApp app) : ContentApiTests<ContentApiApp>(app), IClassFixture<ContentApiApp>;

public sealed class PostgresContentApiTests(PostgresContentApiApp app) : ContentApiTests<PostgresContentApiApp>(app), IClassFixture<PostgresContentApiApp>;
