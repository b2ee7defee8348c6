using System.Net;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Media;
using Broadsheet.StaticPages;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Broadsheet.Tests.WordPressApi.WpHttp;

namespace Broadsheet.Tests.WordPressApi;

/// <summary>Media items and static pages written straight into the database, as the importer and the editors leave them.</summary>
public static class MediaRows
{
    public static Task<MediaItem> AddAsync(BroadsheetApp app, string name, string? alt = null, string? credit = null) =>
        app.WithDbAsync(async (db, _) =>
        {
            var item = new MediaItem
            {
                Path = $"2026/07/{Guid.NewGuid():N}.jpg",
                OriginalName = name,
                ContentType = "image/jpeg",
                Length = 1000,
                Width = 2000,
                Height = 1000,
                Variants = "480,960,1600",
                Alt = alt,
                Credit = credit,
                UploadedAt = new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc),
            };
            db.MediaItems.Add(item);
            await db.SaveChangesAsync();
            return item;
        });

    public static Task<StaticPage> AddPageAsync(BroadsheetApp app, string title, StaticPageStatus status, string body = "About **us**.") =>
        app.WithDbAsync(async (db, _) =>
        {
            var page = new StaticPage
            {
                Title = title,
                Slug = Slugs.From(title),
                Body = body,
                Status = status,
                PublishedAt = status == StaticPageStatus.Published ? new DateTime(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc) : null,
                CreatedAt = new DateTime(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc),
                UpdatedAt = new DateTime(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc),
            };
            db.StaticPages.Add(page);
            await db.SaveChangesAsync();
            return page;
        });
}

public abstract class CollectionsApiTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : WordPressApiApp
{
    [Fact]
    public async Task Categories_are_the_sections_with_their_published_article_counts()
    {
        var section = "wp-cat-" + Guid.NewGuid().ToString("N")[..6];
        await new ArticleBuilder().InSection(section).SaveAsync(App);
        await new ArticleBuilder().InSection(section).SaveAsync(App);
        await new ArticleBuilder().InSection(section).Status(ArticleStatus.Draft).SaveAsync(App);
        var expected = await App.WithDbAsync((db, _) => db.Sections.CountAsync());

        var category = (await Client.WpOkAsync($"/wp-json/wp/v2/categories?slug={section}")).Json[0];
        Assert.Equal(2, category.GetProperty("count").GetInt32());
        Assert.Equal(section, category.GetProperty("name").GetString());
        Assert.Equal("category", category.GetProperty("taxonomy").GetString());
        Assert.Equal(0, category.GetProperty("parent").GetInt32());
        Assert.Equal(new Uri(App.BaseAddress, $"/section/{section}").ToString(), category.GetProperty("link").GetString());
        var id = category.GetProperty("id").GetInt32();
        Assert.Equal(2, (await Client.WpOkAsync($"/wp-json/wp/v2/categories/{id}")).Json.GetProperty("count").GetInt32());
        Assert.Equal(expected, (await Client.WpOkAsync("/wp-json/wp/v2/categories?per_page=100")).Total);
        (await Client.WpAsync("/wp-json/wp/v2/categories/987654")).AssertError(HttpStatusCode.NotFound, "rest_term_invalid");
        // WordPress answers a page past the end of a term list with an empty list.
        Assert.Empty((await Client.WpOkAsync("/wp-json/wp/v2/categories?page=500")).Ids);
    }

    [Fact]
    public async Task Tags_have_counts_and_can_be_listed_for_one_post()
    {
        var tag = Unique("Lighthouse");
        var other = Unique("Foghorn");
        var draftOnly = Unique("Drafted");
        var article = await new ArticleBuilder().Tagged(tag, other).SaveAsync(App);
        await new ArticleBuilder().Tagged(tag).SaveAsync(App);
        await new ArticleBuilder().Tagged(tag, draftOnly).Status(ArticleStatus.Draft).SaveAsync(App);

        var found = (await Client.WpOkAsync($"/wp-json/wp/v2/tags?slug={Slugs.From(tag)}")).Json[0];
        Assert.Equal((tag, 2, "post_tag"), (found.GetProperty("name").GetString(), found.GetProperty("count").GetInt32(), found.GetProperty("taxonomy").GetString()));
        Assert.Equal(new Uri(App.BaseAddress, $"/tag/{Slugs.From(tag)}").ToString(), found.GetProperty("link").GetString());
        var ofPost = await Client.WpOkAsync($"/wp-json/wp/v2/tags?post={article.Id}");
        Assert.Equal(new[] { other, tag }.Order(StringComparer.Ordinal), ofPost.Json.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.Single((await Client.WpOkAsync($"/wp-json/wp/v2/tags?search={Uri.EscapeDataString(other)}")).Ids);

        // A tag whose only article is a draft counts none, and hide_empty leaves it out.
        Assert.Equal(0, (await Client.WpOkAsync($"/wp-json/wp/v2/tags?slug={Slugs.From(draftOnly)}")).Json[0].GetProperty("count").GetInt32());
        Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/tags?slug={Slugs.From(draftOnly)}&hide_empty=true")).Ids);
        Assert.Single((await Client.WpOkAsync($"/wp-json/wp/v2/tags?slug={Slugs.From(tag)}&hide_empty=true")).Ids);
        var byCount = await Client.WpOkAsync($"/wp-json/wp/v2/tags?slug={Slugs.From(other)},{Slugs.From(tag)},{Slugs.From(draftOnly)}&orderby=count&order=desc");
        Assert.Equal([(tag, 2), (other, 1), (draftOnly, 0)],
            byCount.Json.EnumerateArray().Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("count").GetInt32())));
    }

    [Fact]
    public async Task Users_are_published_authors_with_public_fields_only()
    {
        var writer = Unique("Petra Public");
        var hidden = Unique("Dora Draftonly");
        await new ArticleBuilder().By(writer).SaveAsync(App);
        await new ArticleBuilder().By(hidden).Status(ArticleStatus.Draft).SaveAsync(App);
        await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Slug == Slugs.From(writer)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Bio, "Covers the port.")));

        var user = (await Client.WpOkAsync($"/wp-json/wp/v2/users?slug={Slugs.From(writer)}")).Json[0];
        Assert.Equal(writer, user.GetProperty("name").GetString());
        Assert.Equal("Covers the port.", user.GetProperty("description").GetString());
        Assert.Equal(new Uri(App.BaseAddress, $"/author/{Slugs.From(writer)}").ToString(), user.GetProperty("link").GetString());
        Assert.Equal(["id", "name", "url", "description", "link", "slug", "avatar_urls", "meta", "_links"], user.EnumerateObject().Select(p => p.Name));
        Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/users?slug={Slugs.From(hidden)}")).Ids);
        var hiddenId = await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Slug == Slugs.From(hidden)).Select(a => a.Id).SingleAsync());
        (await Client.WpAsync($"/wp-json/wp/v2/users/{hiddenId}")).AssertError(HttpStatusCode.NotFound, "rest_user_invalid_id");
        (await Client.WpAsync("/wp-json/wp/v2/users?roles=administrator")).AssertError(HttpStatusCode.Unauthorized, "rest_forbidden_param");
    }

    [Fact]
    public async Task Comments_are_approved_reader_comments_of_published_posts_only()
    {
        var article = await new ArticleBuilder()
            .WithComment("Rhea", "First <b>bold</b> claim.\n\nSecond paragraph.")
            .WithComment("Sol", "A reply.", replyTo: 0)
            .WithComment("Held Back", "Waiting.", commentStatus: CommentStatus.Pending)
            .WithComment("Spammer", "Buy now.", commentStatus: CommentStatus.Spam)
            .SaveAsync(App);
        var draft = await new ArticleBuilder().Status(ArticleStatus.Draft).WithComment("Ghost", "On a draft.").SaveAsync(App);
        var pingback = await App.WithDbAsync(async (db, _) =>
        {
            var ping = new Comment
            {
                ArticleId = article.Id, AuthorName = "Some blog", AuthorEmail = "", Body = "Pingback", Status = CommentStatus.Approved,
                Kind = CommentKind.Pingback, CreatedAt = DateTime.UtcNow,
            };
            db.Comments.Add(ping);
            await db.SaveChangesAsync();
            return ping.Id;
        });
        var (rheaId, solId) = await App.WithDbAsync(async (db, _) =>
            (await db.Comments.Where(c => c.ArticleId == article.Id && c.AuthorName == "Rhea").Select(c => c.Id).SingleAsync(),
             await db.Comments.Where(c => c.ArticleId == article.Id && c.AuthorName == "Sol").Select(c => c.Id).SingleAsync()));

        var list = await Client.WpOkAsync($"/wp-json/wp/v2/comments?post={article.Id}&order=asc");
        Assert.Equal([rheaId, solId], list.Ids);
        var rhea = list.Json[0];
        Assert.Equal("Rhea", rhea.GetProperty("author_name").GetString());
        Assert.Equal("<p>First &lt;b&gt;bold&lt;/b&gt; claim.</p><p>Second paragraph.</p>", rhea.GetProperty("content").GetProperty("rendered").GetString());
        Assert.Equal(article.Id, rhea.GetProperty("post").GetInt32());
        Assert.Equal(0, rhea.GetProperty("parent").GetInt32());
        Assert.EndsWith($"/comment/{rheaId}", rhea.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Equal(rheaId, list.Json[1].GetProperty("parent").GetInt32());
        Assert.False(rhea.TryGetProperty("author_email", out _));
        Assert.Equal([solId], (await Client.WpOkAsync($"/wp-json/wp/v2/comments?post={article.Id}&parent={rheaId}")).Ids);
        Assert.Equal([rheaId], (await Client.WpOkAsync($"/wp-json/wp/v2/comments?post={article.Id}&parent=0")).Ids);
        Assert.Empty((await Client.WpOkAsync($"/wp-json/wp/v2/comments?post={draft.Id}")).Ids);
        App.SqlCommands.Record();
        var ofBoth = await Client.WpOkAsync($"/wp-json/wp/v2/comments?post={draft.Id},{article.Id}");
        Assert.Equal([solId, rheaId], ofBoth.Ids);
        Assert.Equal(2, ofBoth.Total);
        if (App.ProviderName == "Sqlite")
        {
            // A post's comments are read down the index that starts with its id, not found by walking the site's.
            Assert.Contains(App.SqlCommands.Recorded(), c => c.Sql.Contains("INDEXED BY \"IX_Comments_ArticleId_", StringComparison.Ordinal));
        }

        (await Client.WpAsync($"/wp-json/wp/v2/comments/{pingback}")).AssertError(HttpStatusCode.NotFound, "rest_comment_invalid_id");
        (await Client.WpAsync($"/wp-json/wp/v2/comments?post={article.Id}&status=hold")).AssertError(HttpStatusCode.Unauthorized, "rest_forbidden_status");
        (await Client.WpAsync($"/wp-json/wp/v2/comments?post={article.Id}&page=2")).AssertError(HttpStatusCode.BadRequest, "rest_comment_invalid_page_number");
        Assert.Equal(solId, (await Client.WpOkAsync($"/wp-json/wp/v2/comments/{solId}")).Json.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Media_items_show_their_file_size_variants_and_alt_text()
    {
        var item = await MediaRows.AddAsync(App, "Harbour at dawn.jpg", alt: "Boats at dawn", credit: "Photo: Ann");

        var media = (await Client.WpOkAsync($"/wp-json/wp/v2/media/{item.Id}")).Json;
        var source = new Uri(App.BaseAddress, $"/media/{item.Path}").ToString();
        Assert.Equal(source, media.GetProperty("source_url").GetString());
        Assert.Equal("Boats at dawn", media.GetProperty("alt_text").GetString());
        Assert.Equal("image/jpeg", media.GetProperty("mime_type").GetString());
        Assert.Equal("image", media.GetProperty("media_type").GetString());
        Assert.Equal("Harbour at dawn", media.GetProperty("title").GetProperty("rendered").GetString());
        var details = media.GetProperty("media_details");
        Assert.Equal((2000, 1000), (details.GetProperty("width").GetInt32(), details.GetProperty("height").GetInt32()));
        var small = details.GetProperty("sizes").GetProperty("w480");
        Assert.Equal((480, 240, "image/webp"), (small.GetProperty("width").GetInt32(), small.GetProperty("height").GetInt32(), small.GetProperty("mime_type").GetString()));
        Assert.Equal(source[..^4] + "-480.webp", small.GetProperty("source_url").GetString());
        Assert.Equal(source, details.GetProperty("sizes").GetProperty("full").GetProperty("source_url").GetString());
        Assert.Contains(item.Id, (await Client.WpOkAsync("/wp-json/wp/v2/media?per_page=100")).Ids);
        (await Client.WpAsync("/wp-json/wp/v2/media/99999999")).AssertError(HttpStatusCode.NotFound, "rest_post_invalid_id");
    }

    [Fact]
    public async Task Pages_are_the_published_static_pages()
    {
        var about = await MediaRows.AddPageAsync(App, Unique("About us"), StaticPageStatus.Published);
        var secret = await MediaRows.AddPageAsync(App, Unique("Unfinished"), StaticPageStatus.Draft);

        var list = await Client.WpOkAsync($"/wp-json/wp/v2/pages?slug={about.Slug},{secret.Slug}");
        Assert.Equal([about.Id], list.Ids);
        var page = list.Json[0];
        Assert.Equal("page", page.GetProperty("type").GetString());
        Assert.Equal(about.Title, page.GetProperty("title").GetProperty("rendered").GetString());
        Assert.Equal("<p>About <strong>us</strong>.</p>\n", page.GetProperty("content").GetProperty("rendered").GetString());
        Assert.Equal(new Uri(App.BaseAddress, $"/{about.Slug}").ToString(), page.GetProperty("link").GetString());
        Assert.Equal("2026-02-01T04:00:00", page.GetProperty("date").GetString());
        Assert.Equal(about.Id, (await Client.WpOkAsync($"/wp-json/wp/v2/pages/{about.Id}")).Json.GetProperty("id").GetInt32());
        (await Client.WpAsync($"/wp-json/wp/v2/pages/{secret.Id}")).AssertError(HttpStatusCode.NotFound, "rest_post_invalid_id");
        (await Client.WpAsync("/wp-json/wp/v2/pages?status=draft")).AssertError(HttpStatusCode.Unauthorized, "rest_forbidden_status");
    }
}

public sealed class SqliteCollectionsApiTests(WordPressApiApp app) : CollectionsApiTests<WordPressApiApp>(app), IClassFixture<WordPressApiApp>;

public sealed class PostgresCollectionsApiTests(PostgresWordPressApiApp app) : CollectionsApiTests<PostgresWordPressApiApp>(app), IClassFixture<PostgresWordPressApiApp>;
