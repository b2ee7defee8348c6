using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Search;

public abstract class SearchTests<TApp>(TApp app) : AppTest<TApp>(app), IAsyncLifetime where TApp : SearchApp
{
    /// <summary>A made-up word no demo article holds, so each test finds only its own articles.</summary>
    private static string Word() => "zq" + Guid.NewGuid().ToString("N")[..10];

    private async Task<AngleSharp.Dom.IDocument> SearchAsync(string query)
    {
        using var response = await Client.GetAsync("/search?q=" + Uri.EscapeDataString(query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/search?q={query} answered {(int)response.StatusCode}");
        return Html.Parse(body);
    }

    private static List<string> Headlines(AngleSharp.Dom.IDocument page) =>
        [.. page.QuerySelectorAll(".search-results h3").Select(h => h.TextContent.Trim())];

    [Fact]
    public async Task A_headline_match_ranks_above_a_body_match()
    {
        var word = Word();
        await new ArticleBuilder().Headline("Council budget story").Body($"Deep in the body the word {word} appears once among many others.").SaveAsync(App);
        await new ArticleBuilder().Headline($"The {word} affair").Body("A body without the word.").SaveAsync(App);
        await new ArticleBuilder().Headline("Another report").Standfirst($"The standfirst names {word}.").SaveAsync(App);

        var page = await SearchAsync(word);

        Assert.Equal([$"The {word} affair", "Another report", "Council budget story"], Headlines(page));
        Assert.Contains("3 results for", page.QuerySelector(".search-count")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matching_words_are_marked_in_the_headline_and_the_snippet()
    {
        var word = Word();
        await new ArticleBuilder().Headline($"Harbour {word} reopens").Body($"Crowds came back when the harbour {word} opened its gates on Monday.").SaveAsync(App);

        var page = await SearchAsync(word);

        var headline = page.QuerySelector(".search-results h3 a")!;
        Assert.Equal(word, headline.QuerySelector("mark")?.TextContent);
        Assert.Equal($"Harbour {word} reopens", headline.TextContent);
        var snippet = page.QuerySelector(".search-results .snippet")!;
        Assert.Equal(word, snippet.QuerySelector("mark")?.TextContent);
        Assert.Contains("Crowds came back", snippet.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_and_author_names_are_searched()
    {
        var tag = Word();
        var author = "Ottilie " + Word();
        await new ArticleBuilder().Headline("Tagged story").Tagged(tag).SaveAsync(App);
        await new ArticleBuilder().Headline("Signed story").By(author).SaveAsync(App);

        Assert.Equal(["Tagged story"], Headlines(await SearchAsync(tag)));
        var byAuthor = await SearchAsync(author);
        Assert.Equal(["Signed story"], Headlines(byAuthor));
        // The author's page is offered too.
        Assert.Contains(byAuthor.QuerySelectorAll(".search-also a"), a => a.TextContent == author && a.GetAttribute("href")!.StartsWith("/author/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readers_find_only_published_articles_and_the_newsroom_finds_every_status()
    {
        var word = Word();
        await new ArticleBuilder().Headline($"Published {word}").SaveAsync(App);
        await new ArticleBuilder().Headline($"Draft {word}").Status(ArticleStatus.Draft).SaveAsync(App);
        await new ArticleBuilder().Headline($"Scheduled {word}").Status(ArticleStatus.Scheduled).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        await new ArticleBuilder().Headline($"Unpublished {word}").Status(ArticleStatus.Unpublished).SaveAsync(App);
        await new ArticleBuilder().Headline($"Future {word}").PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);

        Assert.Equal([$"Published {word}"], Headlines(await SearchAsync(word)));

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var list = Html.Parse(await editor.Http.GetStringAsync("/newsroom/articles?q=" + word));
        var rows = list.QuerySelectorAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()).Order().ToList();
        Assert.Equal([$"Draft {word}", $"Future {word}", $"Published {word}", $"Scheduled {word}", $"Unpublished {word}"], rows);
        var drafts = Html.Parse(await editor.Http.GetStringAsync($"/newsroom/articles?status=Draft&q={word}"));
        Assert.Equal([$"Draft {word}"], drafts.QuerySelectorAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task The_index_follows_publishing_editing_unpublishing_and_a_new_slug()
    {
        var before = Word();
        var after = Word();
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var form = await NewsroomArticles.FormAsync(App, $"Newsroom story {before}");
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        Assert.Empty(Headlines(await SearchAsync(before)));

        form["action"] = "Publish";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        var published = await NewsroomArticles.LoadAsync(App, id);
        Assert.Equal(ArticleStatus.Published, published.Status);
        Assert.Equal([$"Newsroom story {before}"], Headlines(await SearchAsync(before + " ")));

        form["Input.Headline"] = $"Newsroom story {after}";
        form["action"] = "Publish"; // saving a published article keeps it published
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        Assert.Empty(Headlines(await SearchAsync(before)));
        Assert.Equal([$"Newsroom story {after}"], Headlines(await SearchAsync(after)));

        var slug = "renamed-" + after;
        await App.WithDbAsync(async (db, services) =>
        {
            var article = await db.Articles.FirstAsync(a => a.Id == id);
            await services.RenameSlugAsync(article, slug);
            return 0;
        });
        var link = (await SearchAsync(after)).QuerySelector(".search-results h3 a")!.GetAttribute("href")!;
        Assert.EndsWith("/" + slug, link, StringComparison.Ordinal);

        form["action"] = "Unpublish";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        Assert.Empty(Headlines(await SearchAsync(after)));
    }

    [Fact]
    public async Task Renaming_a_tag_or_an_author_is_searchable_at_once()
    {
        var tag = Word();
        var author = "Writer " + Word();
        var article = await new ArticleBuilder().Headline("Renames story").Tagged(tag).By(author).SaveAsync(App);
        var newTag = Word();
        var newAuthor = Word();
        await App.WithDbAsync(async (db, _) =>
        {
            (await db.Tags.FirstAsync(t => t.Name == tag)).Name = newTag;
            (await db.Authors.FirstAsync(a => a.Name == author)).Name = newAuthor;
            return await db.SaveChangesAsync();
        });

        Assert.Empty(Headlines(await SearchAsync(tag)));
        Assert.Equal(["Renames story"], Headlines(await SearchAsync(newTag)));
        Assert.Equal(["Renames story"], Headlines(await SearchAsync(newAuthor)));

        // Removing the tag from the article removes it from the index too (and its save evicts the results, as the editor's does).
        await App.WithDbAsync(async (db, services) =>
        {
            var tracked = await db.Articles.Include(a => a.Tags).FirstAsync(a => a.Id == article.Id);
            tracked.Tags.Clear();
            await db.SaveChangesAsync();
            await services.GetRequiredService<Broadsheet.Site.PageCacheEviction>().ArticleChangedAsync(article.Id);
            return 0;
        });
        Assert.Empty(Headlines(await SearchAsync(newTag)));
    }

    [Fact]
    public async Task Section_and_date_filters_and_pages_narrow_the_results()
    {
        var word = Word();
        var now = App.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 7; i++)
        {
            await new ArticleBuilder().Headline($"City {word} {i}").InSection("city").PublishedAgo(TimeSpan.FromDays(i + 1)).SaveAsync(App);
        }

        await new ArticleBuilder().Headline($"Arts {word}").InSection("arts").PublishedAgo(TimeSpan.FromDays(40)).SaveAsync(App);

        var all = await SearchAsync(word);
        Assert.Contains("8 results", all.QuerySelector(".search-count")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(BroadsheetApp.PageSize, Headlines(all).Count);
        var next = all.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!;
        var second = Html.Parse(await Client.GetStringAsync(next));
        Assert.Equal(8 - BroadsheetApp.PageSize, Headlines(second).Count);
        Assert.Empty(Headlines(all).Intersect(Headlines(second)));

        var arts = Html.Parse(await Client.GetStringAsync($"/search?q={word}&section=arts"));
        Assert.Equal([$"Arts {word}"], Headlines(arts));

        var from = now.AddDays(-45).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = now.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var dated = Html.Parse(await Client.GetStringAsync($"/search?q={word}&from={from}&to={to}"));
        Assert.Equal([$"Arts {word}"], Headlines(dated));

        // A date that is not one is ignored, and the reader is told.
        using var response = await Client.GetAsync($"/search?q={word}&from=yesterday&section=nowhere");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ignored = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("8 results", ignored.QuerySelector(".search-count")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(ignored.QuerySelectorAll(".form-message"), p => p.TextContent.Contains("yesterday", StringComparison.Ordinal));
        Assert.Contains(ignored.QuerySelectorAll(".form-message"), p => p.TextContent.Contains("nowhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_results_suggests_the_sections_and_the_latest_articles_and_the_page_is_not_indexed()
    {
        var page = await SearchAsync(Word());

        Assert.Contains("0 results", page.QuerySelector(".search-count")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll(".search-sections a[href^='/section/']"));
        Assert.NotEmpty(page.QuerySelectorAll(".cards .card h3 a"));
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));

        var empty = await SearchAsync("");
        Assert.NotNull(empty.QuerySelector("form[role=search] input[name=q]"));
        Assert.NotEmpty(empty.QuerySelectorAll(".search-sections a"));
        Assert.Null(empty.QuerySelector(".search-count"));
    }

    [Fact]
    public async Task Every_page_has_the_search_box_in_its_header()
    {
        var home = Html.Parse(await Client.GetStringAsync("/"));
        var form = home.QuerySelector("header form[role=search]")!;
        Assert.Equal("/search", form.GetAttribute("action"));
        Assert.Equal("get", form.GetAttribute("method"));
        var input = form.QuerySelector("input[name=q]")!;
        Assert.NotNull(home.QuerySelector($"label[for='{input.Id}']"));
    }

    [Fact]
    public async Task Results_are_cached_briefly_and_a_new_article_shows_at_once()
    {
        var word = Word();
        await new ArticleBuilder().Headline($"First {word}").SaveAsync(App);
        Assert.Single(Headlines(await SearchAsync(word)));

        // Withdrawn past the app (no eviction): the cached page does not change…
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Headline == $"First {word}")
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Unpublished)));
        Assert.Equal([$"First {word}"], Headlines(await SearchAsync(word)));
        // …but another query is another page.
        Assert.Empty(Headlines(await SearchAsync(word + " ")));

        // Publishing through the app evicts the results.
        await new ArticleBuilder().Headline($"Second {word}").SaveAsync(App);
        Assert.Equal([$"Second {word}"], Headlines(await SearchAsync(word)));
    }
}

public sealed class SqliteSearchTests(SearchApp app) : SearchTests<SearchApp>(app), IClassFixture<SearchApp>;

public sealed class PostgresSearchTests(PostgresSearchApp app) : SearchTests<PostgresSearchApp>(app), IClassFixture<PostgresSearchApp>
{
    [Fact]
    public async Task A_long_articles_word_vector_is_read_from_its_row_in_a_page_or_two()
    {
        // Three hundred different words: a vector of about 4 KB that does not compress, which PostgreSQL would
        // otherwise move out of the row into its TOAST relation (from 2 KB). A search reads the vectors of the newest
        // documents one by one, so each would cost an index lookup and chunk pages more.
        var words = Enumerable.Range(0, 300).Select(i => "w" + string.Concat(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('k' + c - '0'))));
        var article = await new ArticleBuilder().Headline("A long report").Body(string.Join(' ', words) + ".").SaveAsync(App);

        var (size, plan) = await App.WithDbAsync(async (db, _) =>
        {
            var size = await db.Database.SqlQuery<int>(
                $"""SELECT pg_column_size("SearchVector") AS "Value" FROM "ArticleSearchDocuments" WHERE "ArticleId" = {article.Id}""").SingleAsync();
            // EXPLAIN cannot be composed into a query, so it goes through the connection.
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = FormattableString.Invariant(
                $"""EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT length("SearchVector") FROM "ArticleSearchDocuments" WHERE "ArticleId" = {article.Id}""");
            // The second time: the first also reads the catalog's pages into the connection's caches.
            await command.ExecuteScalarAsync();
            var plan = (string)(await command.ExecuteScalarAsync())!;
            return (size, plan);
        });

        Assert.True(size > 2048, $"the vector takes {size} bytes: too small to test where it is kept");
        var top = System.Text.Json.JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan");
        var pages = top.GetProperty("Shared Hit Blocks").GetInt32() + top.GetProperty("Shared Read Blocks").GetInt32();
        // The primary key's page and the row's: the vector is in the row (out of it, four or more).
        Assert.True(pages <= 3, $"reading one document's vector touched {pages} pages: {plan}");
    }
}
