using Broadsheet.Articles;
using Broadsheet.Tests.Api;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.WordPressApi;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Articles;

/// <summary>
/// An author's or tag's list on SQLite read from its own rows (the bylines, the tag's links) when the walk down the
/// site's list would pass many more entries: the same cards, in the same order, page by page, as the walk finds.
/// On a test's few rows the walk is always chosen, so the site's newest article id is given as a large site's.
/// </summary>
public sealed class ListPlanTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private const int LargeSite = 1_000_000;

    [Fact]
    public async Task An_author_or_tag_read_from_its_own_rows_lists_the_pages_the_walk_lists()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var (writer, other, tag) = ($"Plan Writer {unique}", $"Plan Other {unique}", $"Plan tag {unique}");
        var listed = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            // Newest last; another writer's untagged article between each of theirs.
            listed.Insert(0, (await new ArticleBuilder().By(writer).Tagged(tag).PublishedAgo(TimeSpan.FromHours(20 - i)).SaveAsync(App)).Id);
            await new ArticleBuilder().By(other).PublishedAgo(TimeSpan.FromHours(20 - i) - TimeSpan.FromMinutes(30)).SaveAsync(App);
        }

        // Theirs too, but not listed: a draft, and one scheduled for tomorrow.
        await new ArticleBuilder().By(writer).Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);
        await new ArticleBuilder().By(writer).Tagged(tag).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);

        await App.WithDbAsync(async (db, _) =>
        {
            var authorId = await db.Authors.Where(a => a.Name == writer).Select(a => a.Id).SingleAsync();
            var tagId = await db.Tags.Where(t => t.Name == tag).Select(t => t.Id).SingleAsync();
            var now = App.Clock.GetUtcNow().UtcDateTime;
            foreach (var (list, id) in new[] { (CardPageQuery.Author, authorId), (CardPageQuery.Tag, tagId) })
            {
                Assert.False(await list.ReadsFromOwnRowsAsync(db, id, newestId: 0, rowsThrough: 3, CancellationToken.None));
                Assert.True(await list.ReadsFromOwnRowsAsync(db, id, LargeSite, rowsThrough: 3, CancellationToken.None));

                var fromOwnRows = new List<int>();
                for (var page = 1; page <= 4; page++)
                {
                    var walked = await list.PageAsync(db, id, default, default, now, page, pageSize: 2, CancellationToken.None);
                    var read = await list.PageAsync(db, id, default, default, now, page, pageSize: 2, CancellationToken.None, newestId: LargeSite);
                    Assert.Equal(walked.Items.Select(c => c.Id), read.Items.Select(c => c.Id));
                    Assert.Equal(walked.Items.Select(c => c.Headline), read.Items.Select(c => c.Headline));
                    Assert.Equal(walked.HasNext, read.HasNext);
                    Assert.Equal(page < 3, read.HasNext);
                    fromOwnRows.AddRange(read.Items.Select(c => c.Id));
                }

                Assert.Equal(listed, fromOwnRows);
            }

            return true;
        });
    }

    [Fact]
    public async Task On_a_large_site_a_small_authors_and_tags_pages_and_feed_are_read_from_their_own_rows()
    {
        // The articles saved next take ids past a small site's, as on a site of thousands.
        await App.WithDbAsync((db, _) => db.Database.ExecuteSqlRawAsync(
            "UPDATE sqlite_sequence SET seq = max(seq, 5000) WHERE name = 'Articles'"));
        var unique = Guid.NewGuid().ToString("N")[..8];
        var (writer, tag) = ($"Large Site Writer {unique}", $"Large site tag {unique}");
        var headlines = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var headline = $"Story {i} of {unique}";
            headlines.Insert(0, headline);
            await new ArticleBuilder().Headline(headline).By(writer).Tagged(tag).PublishedAgo(TimeSpan.FromHours(10 - i)).SaveAsync(App);
        }

        await new ArticleBuilder().Headline($"Draft of {unique}").By(writer).Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);

        foreach (var path in new[] { $"/author/{Slugs.From(writer)}", $"/tag/{Slugs.From(tag)}", $"/tag/{Slugs.From(tag)}/feed" })
        {
            App.SqlCommands.Record();
            var body = await Client.GetStringAsync(path);
            var commands = App.SqlCommands.Recorded();

            var shown = headlines.Select(h => body.IndexOf(h, StringComparison.Ordinal)).ToList();
            Assert.All(shown, at => Assert.True(at >= 0, $"{path} does not list all three articles"));
            Assert.True(shown.SequenceEqual(shown.Order()), $"{path} does not list them newest first");
            Assert.DoesNotContain($"Draft of {unique}", body, StringComparison.Ordinal);
            Assert.Contains(commands, c => c.Sql.Contains(ListPlan.ArticlesByIdSql, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task On_a_large_site_the_APIs_list_a_small_tags_and_authors_articles_from_their_own_rows()
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

        foreach (var list in new[] { $"/api/v1/articles?tag={Slugs.From(tag)}", $"/api/v1/articles?author={Slugs.From(writer)}" })
        {
            var pages = new List<int>();
            for (var page = 1; page <= 3; page++)
            {
                App.SqlCommands.Record();
                var answer = await Client.ApiOkAsync($"{list}&per_page=2&page={page}");
                Assert.Contains(App.SqlCommands.Recorded(), PagedFromOwnRows);
                Assert.Equal(5, answer.Json.GetProperty("total").GetInt32());
                Assert.Equal(page < 3, answer.Json.GetProperty("links").GetProperty("next").ValueKind == System.Text.Json.JsonValueKind.String);
                pages.AddRange(answer.Ids);
            }

            Assert.Equal(newestFirst, pages);
        }

        foreach (var list in new[] { $"/wp-json/wp/v2/posts?tags={tagId}", $"/wp-json/wp/v2/posts?author={authorId}", $"/wp-json/wp/v2/posts?tags={tagId},{otherTagId}" })
        {
            var pages = new List<int>();
            for (var page = 1; page <= 3; page++)
            {
                App.SqlCommands.Record();
                var answer = await Client.WpOkAsync($"{list}&per_page=2&page={page}");
                Assert.Contains(App.SqlCommands.Recorded(), PagedFromOwnRows);
                Assert.Equal((5, 3), (answer.Total, answer.TotalPages));
                Assert.All(answer.Json.EnumerateArray(), post => Assert.Equal(
                    [tagId, otherTagId], post.GetProperty("tags").EnumerateArray().Select(e => e.GetInt32()).Order()));
                pages.AddRange(answer.Ids);
            }

            Assert.Equal(newestFirst, pages);
        }

        // Titles have no index to walk, so a narrowed list ordered by title is always read from its own rows.
        App.SqlCommands.Record();
        var byTitle = await Client.WpOkAsync($"/wp-json/wp/v2/posts?tags={tagId}&orderby=title&order=asc&per_page=10");
        Assert.Contains(App.SqlCommands.Recorded(), PagedFromOwnRows);
        Assert.Equal(newestFirst.Order(), byTitle.Ids.Order());
    }

    /// <summary>A page's command (not the count's) that reads the articles by id.</summary>
    private static bool PagedFromOwnRows(RecordedCommand command) =>
        command.Sql.Contains(ListPlan.ArticlesByIdSql, StringComparison.Ordinal) && command.Sql.Contains("LIMIT", StringComparison.Ordinal);
}
