using System.Net;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Broadsheet.Tests.WordPressApi.WpHttp;

namespace Broadsheet.Tests.WordPressApi;

public abstract class PostsApiTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : WordPressApiApp
{
    private Task<int> TagIdAsync(string name) =>
        App.WithDbAsync((db, _) => db.Tags.Where(t => t.Slug == Slugs.From(name)).Select(t => t.Id).SingleAsync());

    [Fact]
    public async Task A_post_has_the_fields_WordPress_clients_read()
    {
        var tag = Unique("Harbour lights");
        var article = await new ArticleBuilder().Headline("Ferries & tides \"return\"").Standfirst("The ferry is back <for now>.")
            .Body("The **first** paragraph.\n\nThe second one.").InSection("city").Tagged(tag).By("Ada Quill", "Ben Second")
            .PublishedAt(new DateTime(2026, 7, 4, 14, 30, 0, DateTimeKind.Utc)).SaveAsync(App);
        var (authorId, sectionId) = await App.WithDbAsync(async (db, _) =>
            (await db.Authors.Where(a => a.Slug == "ada-quill").Select(a => a.Id).SingleAsync(),
             await db.Sections.Where(s => s.Slug == "city").Select(s => s.Id).SingleAsync()));

        var answer = await Client.WpOkAsync($"/wp-json/wp/v2/posts/{article.Id}");
        var post = answer.Json;
        // Rendered HTML is written as WordPress writes it, not as \u003C escapes.
        Assert.Contains("\"rendered\":\"<p>The <strong>first</strong> paragraph.</p>", answer.Body, StringComparison.Ordinal);

        Assert.Equal(article.Id, post.GetProperty("id").GetInt32());
        // New York is four hours behind UTC in July; WordPress writes both without an offset.
        Assert.Equal("2026-07-04T10:30:00", post.GetProperty("date").GetString());
        Assert.Equal("2026-07-04T14:30:00", post.GetProperty("date_gmt").GetString());
        Assert.Equal("2026-07-04T10:30:00", post.GetProperty("modified").GetString());
        Assert.Equal("2026-07-04T14:30:00", post.GetProperty("modified_gmt").GetString());
        Assert.Equal(article.Slug, post.GetProperty("slug").GetString());
        Assert.Equal("publish", post.GetProperty("status").GetString());
        Assert.Equal("post", post.GetProperty("type").GetString());
        Assert.Equal(new Uri(App.BaseAddress, $"/2026/07/04/{article.Slug}").ToString(), post.GetProperty("link").GetString());
        Assert.Equal("Ferries &amp; tides &quot;return&quot;", post.GetProperty("title").GetProperty("rendered").GetString());
        Assert.Equal(ArticleBody.Render(article.Body, BodyFormat.Markdown), post.GetProperty("content").GetProperty("rendered").GetString());
        Assert.Contains("<strong>first</strong>", post.GetProperty("content").GetProperty("rendered").GetString(), StringComparison.Ordinal);
        Assert.Equal("<p>The ferry is back &lt;for now&gt;.</p>\n", post.GetProperty("excerpt").GetProperty("rendered").GetString());
        Assert.Equal(authorId, post.GetProperty("author").GetInt32());
        Assert.Equal(0, post.GetProperty("featured_media").GetInt32());
        Assert.Equal([sectionId], post.GetProperty("categories").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([await TagIdAsync(tag)], post.GetProperty("tags").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(post.GetProperty("sticky").GetBoolean());
        Assert.Equal("open", post.GetProperty("comment_status").GetString());

        // The link is the article's page.
        using var page = await Client.GetAsync(post.GetProperty("link").GetString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Drafts_scheduled_and_withdrawn_articles_are_invisible()
    {
        var tag = Unique("Secret plans");
        var published = await new ArticleBuilder().Tagged(tag).SaveAsync(App);
        var draft = await new ArticleBuilder().Headline(Unique("Draft scoop")).Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);
        var scheduled = await new ArticleBuilder().Tagged(tag).Status(ArticleStatus.Scheduled).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        var withdrawn = await new ArticleBuilder().Tagged(tag).Status(ArticleStatus.Unpublished).SaveAsync(App);
        var tagId = await TagIdAsync(tag);

        var list = await Client.WpOkAsync($"/wp-json/wp/v2/posts?tags={tagId}");
        Assert.Equal([published.Id], list.Ids);
        Assert.Equal(1, list.Total);
        Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={Uri.EscapeDataString(draft.Headline)}")).Ids);
        Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/posts?include={draft.Id},{scheduled.Id},{withdrawn.Id}")).Ids);
        foreach (var hidden in new[] { draft, scheduled, withdrawn })
        {
            (await Client.WpAsync($"/wp-json/wp/v2/posts/{hidden.Id}")).AssertError(HttpStatusCode.NotFound, "rest_post_invalid_id");
            Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/posts?slug={hidden.Slug}")).Ids);
        }

        (await Client.WpAsync("/wp-json/wp/v2/posts?status=draft")).AssertError(HttpStatusCode.Unauthorized, "rest_forbidden_status");
        (await Client.WpAsync("/wp-json/wp/v2/posts?status=publish,future")).AssertError(HttpStatusCode.Unauthorized, "rest_forbidden_status");
        (await Client.WpAsync("/wp-json/wp/v2/posts?context=edit")).AssertError(HttpStatusCode.Unauthorized, "rest_forbidden_context");
        Assert.Equal([published.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?tags={tagId}&status=publish")).Ids);
    }

    [Fact]
    public async Task Posts_filter_by_search_slug_category_tag_author_and_include()
    {
        var word = Guid.NewGuid().ToString("N")[..10];
        var tag = Unique("Valley rail");
        var section = "wp-" + Guid.NewGuid().ToString("N")[..6];
        var writer = Unique("Cora Filter");
        var first = await new ArticleBuilder().Headline($"Rail {word} returns").Tagged(tag).SaveAsync(App);
        var second = await new ArticleBuilder().Body($"Deep in the body: {word.ToUpperInvariant()}.").InSection(section).By(writer).SaveAsync(App);
        var third = await new ArticleBuilder().Tagged(tag).InSection(section).SaveAsync(App);
        var sectionId = await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Slug == section).Select(s => s.Id).SingleAsync());
        var authorId = await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Slug == Slugs.From(writer)).Select(a => a.Id).SingleAsync());
        var tagId = await TagIdAsync(tag);

        Assert.Equal([second.Id, first.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={word}")).Ids);
        Assert.Equal([first.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?slug={first.Slug}")).Ids);
        Assert.Equal([third.Id, first.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?slug={first.Slug},{third.Slug}")).Ids);
        Assert.Equal([third.Id, second.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?categories={sectionId}")).Ids);
        Assert.Equal([third.Id, first.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?tags[]={tagId}")).Ids);
        Assert.Equal([third.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?tags={tagId}&categories={sectionId}")).Ids);
        Assert.Equal([second.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?author={authorId}")).Ids);
        Assert.Equal([first.Id, third.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?include={third.Id},{first.Id}&order=asc")).Ids);
        Assert.Equal([third.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?include={third.Id},{first.Id}&exclude={first.Id}")).Ids);
        // A search for % is a search for the character, not a wildcard.
        Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/posts?search=%25{word}%25zz")).Ids);
    }

    [Fact]
    public async Task A_search_finds_posts_with_every_word_anywhere_in_them_as_the_site_search_does()
    {
        var river = "r" + Guid.NewGuid().ToString("N")[..9];
        var council = "c" + Guid.NewGuid().ToString("N")[..9];
        var both = await new ArticleBuilder().Headline($"The {river} crossing reopens").Body($"After a long wait the {council} agreed to it.")
            .PublishedAgo(TimeSpan.FromHours(2)).SaveAsync(App);
        var riverOnly = await new ArticleBuilder().Body($"Only the {river} is in this one.").PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        var draft = await new ArticleBuilder().Headline($"The {river} draft").Status(ArticleStatus.Draft).SaveAsync(App);

        // Two words apart, in the headline and the body: WordPress looks for each word, not for the two side by side.
        var found = await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={river}%20{council}");
        Assert.Equal([both.Id], found.Ids);
        Assert.Equal(1, found.Total);
        // Any case, newest first, drafts never.
        Assert.Equal([riverOnly.Id, both.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={river.ToUpperInvariant()}")).Ids);
        Assert.DoesNotContain(draft.Id, (await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={river}&per_page=100")).Ids);
        // A leading minus excludes a word, as in WordPress; quotes ask for a phrase; a word matches its other forms.
        Assert.Equal([riverOnly.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={river}%20-{council}")).Ids);
        Assert.Equal([both.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?search=%22{river}%20crossing%22")).Ids);
        Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/posts?search=%22crossing%20{river}%22")).Ids);
        Assert.Equal([both.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={river}%20crossings")).Ids);
        // Narrowed by the other filters as before.
        Assert.Equal([both.Id], (await Client.WpOkAsync($"/wp-json/wp/v2/posts?search={river}&exclude={riverOnly.Id}")).Ids);
        // Nothing to search for (punctuation alone) finds nothing, not everything.
        Assert.Empty((await Client.WpOkAsync("/wp-json/wp/v2/posts?search=%25%25")).Ids);
    }

    [Fact]
    public async Task One_tags_or_one_authors_posts_page_by_date_with_every_other_filter()
    {
        var tag = Unique("Single list");
        var writer = Unique("Sol Lister");
        var section = "wp-" + Guid.NewGuid().ToString("N")[..6];
        var word = "w" + Guid.NewGuid().ToString("N")[..9];
        var start = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var oldestFirst = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            var builder = new ArticleBuilder().Tagged(tag).By(writer).PublishedAt(start.AddDays(i));
            builder = i is 1 or 4 ? builder.InSection(section) : builder;
            builder = i is 3 or 5 ? builder.Body($"The {word} report.") : builder;
            oldestFirst.Add((await builder.SaveAsync(App)).Id);
        }

        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == oldestFirst[2]).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsSticky, true)));
        // Tagged and bylined but never listed: a draft and one scheduled for tomorrow.
        await new ArticleBuilder().Tagged(tag).By(writer).Status(ArticleStatus.Draft).SaveAsync(App);
        await new ArticleBuilder().Tagged(tag).By(writer).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        var tagId = await TagIdAsync(tag);
        var (authorId, sectionId) = await App.WithDbAsync(async (db, _) => (
            await db.Authors.Where(a => a.Slug == Slugs.From(writer)).Select(a => a.Id).SingleAsync(),
            await db.Sections.Where(s => s.Slug == section).Select(s => s.Id).SingleAsync()));
        List<int> Newest(params int[] indexes) => [.. indexes.OrderDescending().Select(i => oldestFirst[i])];

        foreach (var list in new[] { $"/wp-json/wp/v2/posts?tags={tagId}", $"/wp-json/wp/v2/posts?author={authorId}" })
        {
            var pages = new List<int>();
            for (var page = 1; page <= 3; page++)
            {
                var answer = await Client.WpOkAsync($"{list}&per_page=3&page={page}");
                Assert.Equal((7, 3), (answer.Total, answer.TotalPages));
                pages.AddRange(answer.Ids);
            }

            Assert.Equal(Newest(0, 1, 2, 3, 4, 5, 6), pages);
            (await Client.WpAsync($"{list}&per_page=3&page=4")).AssertError(HttpStatusCode.BadRequest, "rest_post_invalid_page_number");
            Assert.Equal(oldestFirst.Take(3), (await Client.WpOkAsync($"{list}&per_page=3&order=asc")).Ids);
            Assert.Equal(Newest(4, 3), (await Client.WpOkAsync($"{list}&per_page=2&offset=2")).Ids);
            Assert.Equal(Newest(4, 1), (await Client.WpOkAsync($"{list}&categories={sectionId}")).Ids);
            Assert.Equal(Newest(0, 2, 3, 5, 6), (await Client.WpOkAsync($"{list}&categories_exclude={sectionId}")).Ids);
            Assert.Equal(Newest(2), (await Client.WpOkAsync($"{list}&sticky=true")).Ids);
            Assert.Equal(Newest(0, 1, 2, 3, 4, 5), (await Client.WpOkAsync($"{list}&exclude={oldestFirst[6]}")).Ids);
            Assert.Equal(Newest(5, 3), (await Client.WpOkAsync($"{list}&search={word}")).Ids);
            var dated = await Client.WpOkAsync($"{list}&after={start.AddDays(1):yyyy-MM-ddTHH:mm:ss}Z&before={start.AddDays(5):yyyy-MM-ddTHH:mm:ss}Z&per_page=2");
            Assert.Equal(Newest(4, 3), dated.Ids);
            Assert.Equal((3, 2), (dated.Total, dated.TotalPages));
            Assert.Equal(Newest(5), (await Client.WpOkAsync($"{list}&orderby=relevance&search={word}&include={oldestFirst[5]}")).Ids);
        }
    }

    [Fact]
    public async Task Posts_pages_and_media_ordered_by_relevance_need_a_search_and_by_include_need_include_as_in_WordPress()
    {
        foreach (var list in new[] { "/wp-json/wp/v2/posts", "/wp-json/wp/v2/pages", "/wp-json/wp/v2/media" })
        {
            (await Client.WpAsync($"{list}?orderby=relevance")).AssertError(HttpStatusCode.BadRequest, "rest_no_search_term_defined");
            (await Client.WpAsync($"{list}?orderby=relevance&search=")).AssertError(HttpStatusCode.BadRequest, "rest_no_search_term_defined");
            (await Client.WpAsync($"{list}?orderby=include")).AssertError(HttpStatusCode.BadRequest, "rest_orderby_include_missing_include");
            await Client.WpOkAsync($"{list}?orderby=relevance&search=harbour");
            await Client.WpOkAsync($"{list}?orderby=include&include=1,2");
        }
    }

    [Fact]
    public async Task Posts_order_by_date_id_and_title()
    {
        var tag = Unique("Ordering");
        var b = await new ArticleBuilder().Headline(Unique("Bravo")).Tagged(tag).PublishedAgo(TimeSpan.FromHours(3)).SaveAsync(App);
        var a = await new ArticleBuilder().Headline(Unique("Alpha")).Tagged(tag).PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        var c = await new ArticleBuilder().Headline(Unique("Charlie")).Tagged(tag).PublishedAgo(TimeSpan.FromHours(2)).SaveAsync(App);
        var path = $"/wp-json/wp/v2/posts?tags={await TagIdAsync(tag)}";

        Assert.Equal([a.Id, c.Id, b.Id], (await Client.WpOkAsync(path)).Ids);
        Assert.Equal([b.Id, c.Id, a.Id], (await Client.WpOkAsync(path + "&order=asc")).Ids);
        Assert.Equal([a.Id, b.Id, c.Id], (await Client.WpOkAsync(path + "&orderby=title&order=asc")).Ids);
        Assert.Equal([c.Id, a.Id, b.Id], (await Client.WpOkAsync(path + "&orderby=id")).Ids);
        (await Client.WpAsync(path + "&orderby=popularity")).AssertError(HttpStatusCode.BadRequest, "rest_invalid_param");
        (await Client.WpAsync(path + "&order=sideways")).AssertError(HttpStatusCode.BadRequest, "rest_invalid_param");
    }

    [Fact]
    public async Task Posts_published_after_or_before_a_moment_in_UTC_or_site_time()
    {
        var tag = Unique("Dated");
        var old = await new ArticleBuilder().Tagged(tag).PublishedAgo(TimeSpan.FromHours(5)).SaveAsync(App);
        var recent = await new ArticleBuilder().Tagged(tag).PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        var path = $"/wp-json/wp/v2/posts?tags={await TagIdAsync(tag)}";
        var middle = App.Clock.GetUtcNow().UtcDateTime.AddHours(-3);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(WordPressApiApp.Zone);
        var inv = System.Globalization.CultureInfo.InvariantCulture;

        Assert.Equal([recent.Id], (await Client.WpOkAsync($"{path}&after={middle.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", inv)}")).Ids);
        Assert.Equal([old.Id], (await Client.WpOkAsync($"{path}&before={middle.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", inv)}")).Ids);
        // Without an offset the moment is the site's own time, as in WordPress.
        var local = TimeZoneInfo.ConvertTimeFromUtc(middle, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", inv);
        Assert.Equal([recent.Id], (await Client.WpOkAsync($"{path}&after={local}")).Ids);
        (await Client.WpAsync($"{path}&after=yesterday")).AssertError(HttpStatusCode.BadRequest, "rest_invalid_param");
    }

    [Fact]
    public async Task Paging_headers_count_everything_and_link_the_neighbouring_pages()
    {
        var tag = Unique("Paging");
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await new ArticleBuilder().Tagged(tag).PublishedAgo(TimeSpan.FromMinutes(10 + i)).SaveAsync(App)).Id);
        }

        var path = $"/wp-json/wp/v2/posts?tags={await TagIdAsync(tag)}&per_page=2";
        var first = await Client.WpOkAsync(path);
        Assert.Equal((5, 3), (first.Total, first.TotalPages));
        Assert.Equal(ids[..2], first.Ids);
        Assert.Equal($"<{new Uri(App.BaseAddress, path + "&page=2")}>; rel=\"next\"", first.Header("Link"));

        var second = await Client.WpOkAsync(path + "&page=2");
        Assert.Equal(ids[2..4], second.Ids);
        Assert.Contains($"<{new Uri(App.BaseAddress, path + "&page=1")}>; rel=\"prev\"", second.Header("Link"), StringComparison.Ordinal);
        Assert.Contains($"<{new Uri(App.BaseAddress, path + "&page=3")}>; rel=\"next\"", second.Header("Link"), StringComparison.Ordinal);

        var last = await Client.WpOkAsync(path + "&page=3");
        Assert.Equal(ids[4..], last.Ids);
        Assert.DoesNotContain("rel=\"next\"", last.Header("Link"), StringComparison.Ordinal);

        (await Client.WpAsync(path + "&page=4")).AssertError(HttpStatusCode.BadRequest, "rest_post_invalid_page_number");
        (await Client.WpAsync(path + "&page=99999999999")).AssertError(HttpStatusCode.BadRequest, "rest_post_invalid_page_number");
        Assert.Equal(10, (await Client.WpOkAsync("/wp-json/wp/v2/posts")).Ids.Count);
        Assert.Equal(ids[1..3], (await Client.WpOkAsync(path + "&offset=1")).Ids);
    }

    [Fact]
    public async Task Embedding_adds_the_author_featured_image_and_terms_as_WordPress_shapes_them()
    {
        var tag = Unique("Embedded");
        var media = await MediaRows.AddAsync(App, "harbour.jpg", alt: "The harbour at dawn");
        var article = await new ArticleBuilder().Tagged(tag).By("Ella Embed").SaveAsync(App);
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.MediaItemId, media.Id)));

        var post = (await Client.WpOkAsync($"/wp-json/wp/v2/posts?include={article.Id}&_embed")).Json[0];

        Assert.Equal(media.Id, post.GetProperty("featured_media").GetInt32());
        var embedded = post.GetProperty("_embedded");
        Assert.Equal("Ella Embed", embedded.GetProperty("author")[0].GetProperty("name").GetString());
        Assert.Equal("The harbour at dawn", embedded.GetProperty("wp:featuredmedia")[0].GetProperty("alt_text").GetString());
        var terms = embedded.GetProperty("wp:term");
        Assert.Equal("category", terms[0][0].GetProperty("taxonomy").GetString());
        Assert.Equal("city", terms[0][0].GetProperty("slug").GetString());
        Assert.Equal(tag, terms[1][0].GetProperty("name").GetString());
        Assert.Equal("post_tag", terms[1][0].GetProperty("taxonomy").GetString());
        // As WordPress embeds a term: its embed context, without the count, description, parent and meta.
        Assert.Equal(["id", "link", "name", "slug", "taxonomy", "_links"], terms[1][0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["id", "link", "name", "slug", "taxonomy", "_links"], terms[0][0].EnumerateObject().Select(p => p.Name));

        var onlyAuthor = (await Client.WpOkAsync($"/wp-json/wp/v2/posts/{article.Id}?_embed=author")).Json.GetProperty("_embedded");
        Assert.True(onlyAuthor.TryGetProperty("author", out _));
        Assert.False(onlyAuthor.TryGetProperty("wp:term", out _));
        Assert.False((await Client.WpOkAsync($"/wp-json/wp/v2/posts/{article.Id}")).Json.TryGetProperty("_embedded", out _));
    }

    [Fact]
    public async Task Fields_keeps_only_the_fields_asked_for()
    {
        var article = await new ArticleBuilder().SaveAsync(App);

        var list = (await Client.WpOkAsync($"/wp-json/wp/v2/posts?include={article.Id}&_fields=id,title.rendered")).Json[0];
        Assert.Equal(["id", "title"], list.EnumerateObject().Select(p => p.Name));
        Assert.Equal(article.Headline, list.GetProperty("title").GetProperty("rendered").GetString());
        var one = (await Client.WpOkAsync($"/wp-json/wp/v2/posts/{article.Id}?_fields=slug")).Json;
        Assert.Equal(["slug"], one.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_sticky_post_says_so_and_can_be_filtered()
    {
        var tag = Unique("Sticky");
        var sticky = await new ArticleBuilder().Tagged(tag).SaveAsync(App);
        var plain = await new ArticleBuilder().Tagged(tag).SaveAsync(App);
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == sticky.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsSticky, true)));
        var path = $"/wp-json/wp/v2/posts?tags={await TagIdAsync(tag)}&_fields=id,sticky&per_page=5&page=1&order=desc&orderby=date&search=&x={Guid.NewGuid():N}";

        Assert.Equal([sticky.Id], (await Client.WpOkAsync(path + "&sticky=true")).Ids);
        Assert.Equal([plain.Id], (await Client.WpOkAsync(path + "&sticky=false")).Ids);
        Assert.True((await Client.WpOkAsync($"/wp-json/wp/v2/posts/{sticky.Id}?y={Guid.NewGuid():N}")).Json.GetProperty("sticky").GetBoolean());
    }

    [Fact]
    public async Task Dates_are_the_site_time_without_an_offset_in_winter_too()
    {
        var article = await new ArticleBuilder().PublishedAt(new DateTime(2026, 1, 15, 3, 5, 9, DateTimeKind.Utc)).SaveAsync(App);
        var post = (await Client.WpOkAsync($"/wp-json/wp/v2/posts/{article.Id}")).Json;
        Assert.Equal("2026-01-14T22:05:09", post.GetProperty("date").GetString());
        Assert.Equal("2026-01-15T03:05:09", post.GetProperty("date_gmt").GetString());
        Assert.Equal(new Uri(App.BaseAddress, $"/2026/01/14/{article.Slug}").ToString(), post.GetProperty("link").GetString());
    }
}

public sealed class SqlitePostsApiTests(WordPressApiApp app) : PostsApiTests<WordPressApiApp>(app), IClassFixture<WordPressApiApp>;

public sealed class PostgresPostsApiTests(PostgresWordPressApiApp app) : PostsApiTests<PostgresWordPressApiApp>(app), IClassFixture<PostgresWordPressApiApp>;
