using Broadsheet.Articles;
using Broadsheet.Tests.Api;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.WordPressApi;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Articles;

/// <summary>
/// The APIs' lists narrowed to several tags or authors, on SQLite, read from their own rows (the bylines, the tags'
/// links) when the walk down the site's list would pass many more entries: the same articles, in the same order, page
/// by page. Lists of one tag or one author (the APIs', the reader site's tag and author pages, the newsroom's list of one
/// author) need no such choice: they read one range of their own rows' index (see <see cref="ListedArticleTests{TApp}"/>);
/// their plans are checked here.
/// </summary>
public sealed class ListPlanTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Fact]
    public async Task On_a_large_site_the_APIs_read_one_tags_or_authors_articles_from_a_range_and_several_from_their_own_rows()
    {
        await App.WithDbAsync((db, _) => db.Database.ExecuteSqlRawAsync(
            "UPDATE sqlite_sequence SET seq = max(seq, 5000) WHERE name = 'Articles'"));
        var unique = Guid.NewGuid().ToString("N")[..8];
        var (writer, tag, otherTag) = ($"Api Plan Writer {unique}", $"Api plan tag {unique}", $"Api plan other {unique}");
        var newestFirst = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var article = await new ArticleBuilder().By(writer).Tagged(tag, otherTag).PublishedAgo(TimeSpan.FromHours(10 - i)).SaveAsync(App);
            newestFirst.Insert(0, article.Id);
        }

        // Theirs too, and never listed: a draft and one scheduled for tomorrow.
        await new ArticleBuilder().By(writer).Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);
        await new ArticleBuilder().By(writer).Tagged(tag).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        var (tagId, otherTagId, authorId) = await App.WithDbAsync(async (db, _) => (
            await db.Tags.Where(t => t.Name == tag).Select(t => t.Id).SingleAsync(),
            await db.Tags.Where(t => t.Name == otherTag).Select(t => t.Id).SingleAsync(),
            await db.Authors.Where(a => a.Name == writer).Select(a => a.Id).SingleAsync()));

        // One tag or one author: the count and each page's ids are one range of the links' or bylines' index.
        const string TagRange = "IX_ArticleTags_TagsId_ArticleStatus_ArticlePublishedAt_ArticlesId", AuthorRange = "IX_Bylines_AuthorId_ArticleStatus_ArticlePublishedAt_ArticleId";
        foreach (var (list, index, wordPress) in new[]
        {
            ($"/api/v1/articles?tag={Slugs.From(tag)}", TagRange, false),
            ($"/api/v1/articles?author={Slugs.From(writer)}", AuthorRange, false),
            ($"/wp-json/wp/v2/posts?tags={tagId}", TagRange, true),
            ($"/wp-json/wp/v2/posts?author={authorId}", AuthorRange, true),
        })
        {
            var pages = new List<int>();
            for (var page = 1; page <= 3; page++)
            {
                App.SqlCommands.Record();
                var path = $"{list}&per_page=2&page={page}";
                var ids = wordPress ? await WordPressPageAsync(path) : await ContentPageAsync(path, page < 3);
                var ranged = App.SqlCommands.Recorded().Where(c => c.Sql.Contains(ListedArticle.Status, StringComparison.Ordinal)).ToList();
                Assert.Equal(2, ranged.Count); // the count and the page
                foreach (var command in ranged)
                {
                    var plan = await App.SqlitePlanAsync(command);
                    var detail = string.Join("\n", plan);
                    Assert.True(plan.Any(step => step.Contains($"COVERING INDEX {index} (", StringComparison.Ordinal)), detail);
                    Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("SUBQUERY", StringComparison.Ordinal));
                    // The range is read in its index's order: no sort but, in the WordPress API's page, its posts'
                    // and their tag lists' (the Content API reads the page's rows in a command of their own).
                    Assert.True(plan.Count(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal)) <= (wordPress ? 2 : 0), detail);
                }

                pages.AddRange(ids);
            }

            Assert.Equal(newestFirst, pages);
        }

        // Several tags: from their own rows.
        var both = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            App.SqlCommands.Record();
            both.AddRange(await WordPressPageAsync($"/wp-json/wp/v2/posts?tags={tagId},{otherTagId}&per_page=2&page={page}"));
            Assert.Contains(App.SqlCommands.Recorded(), PagedFromOwnRows);
        }

        Assert.Equal(newestFirst, both);

        // Titles have no index to walk, so a narrowed list ordered by title is always read from its own rows.
        App.SqlCommands.Record();
        var byTitle = await Client.WpOkAsync($"/wp-json/wp/v2/posts?tags={tagId}&orderby=title&order=asc&per_page=10");
        Assert.Contains(App.SqlCommands.Recorded(), PagedFromOwnRows);
        Assert.Equal(newestFirst.Order(), byTitle.Ids.Order());

        async Task<IReadOnlyList<int>> ContentPageAsync(string path, bool hasNext)
        {
            var answer = await Client.ApiOkAsync(path);
            Assert.Equal(5, answer.Json.GetProperty("total").GetInt32());
            Assert.Equal(hasNext, answer.Json.GetProperty("links").GetProperty("next").ValueKind == System.Text.Json.JsonValueKind.String);
            return answer.Ids;
        }

        async Task<IReadOnlyList<int>> WordPressPageAsync(string path)
        {
            var answer = await Client.WpOkAsync(path);
            Assert.Equal((5, 3), (answer.Total, answer.TotalPages));
            Assert.All(answer.Json.EnumerateArray(), post => Assert.Equal(
                [tagId, otherTagId], post.GetProperty("tags").EnumerateArray().Select(e => e.GetInt32()).Order()));
            return answer.Ids;
        }
    }

    [Fact]
    public async Task A_tags_and_an_authors_pages_read_their_ids_from_one_range_of_their_own_rows_index()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var (writer, tag) = ($"Range Writer {unique}", $"Range tag {unique}");
        await new ArticleBuilder().By(writer).Tagged(tag).PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);

        foreach (var (path, index) in new[]
        {
            ($"/tag/{Slugs.From(tag)}", "IX_ArticleTags_TagsId_ArticleStatus_ArticlePublishedAt_ArticlesId"),
            ($"/author/{Slugs.From(writer)}", "IX_Bylines_AuthorId_ArticleStatus_ArticlePublishedAt_ArticleId"),
        })
        {
            App.SqlCommands.Record();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await Client.GetAsync(path)).StatusCode);
            var plan = await App.SqlitePlanAsync(Assert.Single(App.SqlCommands.Recorded(), c => c.Sql.Contains(ListedArticle.Status, StringComparison.Ordinal)));

            // The page's ids straight from the range (no walk of the site's list, no sort), then its rows by id.
            var detail = string.Join("\n", plan);
            Assert.Contains(plan, step => step.Contains($"COVERING INDEX {index} (", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("SUBQUERY", StringComparison.Ordinal));
            Assert.True(plan.Count(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal)) <= 1, detail);
        }
    }

    [Fact]
    public async Task The_newsrooms_list_of_one_author_reads_its_ids_from_one_range_of_the_bylines_index()
    {
        var writer = $"Newsroom Range Writer {Guid.NewGuid():N}";
        await new ArticleBuilder().By(writer).PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        await new ArticleBuilder().By(writer).Status(ArticleStatus.Draft).SaveAsync(App);
        var authorId = await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Name == writer).Select(a => a.Id).SingleAsync());
        using var editor = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Editor);

        foreach (var query in new[] { $"author={authorId}&page=3", $"author={authorId}&status=Draft" })
        {
            App.SqlCommands.Record();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await editor.Http.GetAsync($"/newsroom/articles?{query}")).StatusCode);
            var plan = await App.SqlitePlanAsync(Assert.Single(App.SqlCommands.Recorded(), c => c.Sql.Contains(ListedArticle.UpdatedAt, StringComparison.Ordinal)));

            // The ids in the index's own order, the trash and the status left out from the index: no sort but the
            // page's rows', no walk of the newsroom's list.
            var detail = string.Join("\n", plan);
            Assert.Contains(plan, step => step.Contains("COVERING INDEX IX_Bylines_AuthorId_ArticleUpdatedAt_ArticleId_ArticleStatus (AuthorId=?)", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("SUBQUERY", StringComparison.Ordinal));
            Assert.True(plan.Count(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal)) <= 1, detail);
        }
    }

    [Theory]
    [InlineData("modified", "IX_Articles_Status_UpdatedAt_Id_PublishedAt")]
    [InlineData("title", "IX_Articles_Status_Headline_Id_PublishedAt")]
    public async Task The_WordPress_APIs_posts_by_last_change_or_title_are_read_in_the_order_of_an_index(string orderBy, string index)
    {
        await new ArticleBuilder().PublishedAgo(TimeSpan.FromHours(2)).SaveAsync(App);
        await new ArticleBuilder().PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        foreach (var order in new[] { "asc", "desc" })
        {
            App.SqlCommands.Record();
            var answer = await Client.WpOkAsync($"/wp-json/wp/v2/posts?orderby={orderBy}&order={order}&per_page=1&page=2&x={Guid.NewGuid():N}");
            Assert.Single(answer.Ids);
            var plan = await App.SqlitePlanAsync(Assert.Single(App.SqlCommands.Recorded(), c => c.Sql.Contains("LIMIT", StringComparison.Ordinal)));

            // The published posts in the index's order, each checked from the index alone: no sort of every post.
            var detail = string.Join("\n", plan);
            Assert.True(plan.Any(step => step.Contains($"COVERING INDEX {index} (Status=?", StringComparison.Ordinal)), detail);
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("SUBQUERY", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_sitemap_index_probes_each_block_of_ids_in_the_id_index()
    {
        await new ArticleBuilder().PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        App.SqlCommands.Record();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Client.GetAsync($"/sitemap.xml?x={Guid.NewGuid():N}")).StatusCode);
        var plan = await App.SqlitePlanAsync(Assert.Single(App.SqlCommands.Recorded(), c => c.Sql.Contains("\"Blocks\"", StringComparison.Ordinal)));

        // One range of ids per block, ended by its first published article: not the status index, which holds every
        // published article's entry for each block to pass.
        var detail = string.Join("\n", plan);
        Assert.True(plan.Any(step => step.Contains("COVERING INDEX IX_Articles_Id_Status_PublishedAt_SectionId (Id>? AND Id<?)", StringComparison.Ordinal)), detail);
        Assert.DoesNotContain(plan, step => step.Contains("IX_Articles_Status_PublishedAt_Id", StringComparison.Ordinal));
    }

    /// <summary>A page's command (not the count's) that reads the articles by id.</summary>
    private static bool PagedFromOwnRows(RecordedCommand command) =>
        command.Sql.Contains(ListPlan.ArticlesByIdSql, StringComparison.Ordinal) && command.Sql.Contains("LIMIT", StringComparison.Ordinal);
}

/// <summary>How an API's list narrowed to an author or a tag finds its articles on SQLite: down the site's list, or from its own rows.</summary>
public sealed class ListPlanRuleTests
{
    [Theory]
    // At 100,000 articles: page 1 of an author of 18,000 walks about 140 entries, and their count to 1,000 about
    // 5,600, fewer than the author's articles; page 500 of theirs would walk 69,000. An author of 1,000 is read from
    // their side but for page 1 of one of 3,000; an author of none, or of a small site's every article, likewise.
    [InlineData(18_000, 100_000, 26, false)]
    [InlineData(18_000, 100_000, 1_000, false)]
    [InlineData(18_000, 100_000, 12_501, true)]
    [InlineData(3_000, 100_000, 26, false)]
    [InlineData(1_000, 100_000, 26, true)]
    [InlineData(1_000, 100_000, 12_501, true)]
    [InlineData(0, 100_000, 26, true)]
    [InlineData(26, 30, 26, false)]
    [InlineData(26, 300, 26, true)]
    public void Reads_from_the_lists_own_rows_when_the_walk_would_pass_more_entries_than_two_per_article_of_its(int listArticles, int newestId, int rowsThrough, bool fromOwnRows) =>
        Assert.Equal(fromOwnRows, ListPlan.ReadFromOwnRows(listArticles, newestId, rowsThrough));
}
