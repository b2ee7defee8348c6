using Broadsheet.Accounts;
using Broadsheet.Areas.Newsroom.Pages.Articles;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>The newsroom's article list: pages by last change, every byline in order (on both databases).</summary>
public abstract class ArticleListTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    [Fact]
    public async Task An_authors_articles_are_paged_newest_change_first_with_every_byline_in_order()
    {
        var first = $"Lead Writer {Guid.NewGuid():N}";
        var second = $"Second Writer {Guid.NewGuid():N}";
        var start = App.Clock.GetUtcNow().UtcDateTime.AddDays(-2);
        var headlines = new List<string>();
        for (var i = 0; i < 26; i++)
        {
            var article = await new ArticleBuilder().By(first, second).PublishedAt(start.AddMinutes(i)).SaveAsync(App);
            headlines.Add(article.Headline);
        }

        var authorId = await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Name == first).Select(a => a.Id).SingleAsync());
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var page1 = await editor.Http.GetDocumentAsync($"/newsroom/articles?author={authorId}");
        var rows1 = page1.QuerySelectorAll("tbody tr");
        Assert.Equal("26 article(s)", page1.QuerySelector("p[role=status]")!.TextContent.Trim());
        Assert.Equal(25, rows1.Length);
        Assert.Equal(headlines[^1], rows1[0].QuerySelector("td a")!.TextContent);
        Assert.All(rows1, row => Assert.Equal($"{first}, {second}", row.QuerySelectorAll("td")[3].TextContent));
        Assert.Contains("Page 1 of 2", page1.QuerySelector(".nr-pager")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/newsroom/articles?author={authorId}&page=2", page1.QuerySelector(".nr-pager a[rel=next]")!.GetAttribute("href"));

        var page2 = await editor.Http.GetDocumentAsync($"/newsroom/articles?author={authorId}&page=2");
        var rows2 = page2.QuerySelectorAll("tbody tr");
        Assert.Equal(headlines[0], Assert.Single(rows2).QuerySelector("td a")!.TextContent);
        Assert.Contains("Page 2 of 2", page2.QuerySelector(".nr-pager")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page2.QuerySelector(".nr-pager a[rel=next]"));
    }

    [Fact]
    public async Task A_writers_list_holds_what_they_wrote_or_created_and_nobody_elses_on_every_page_and_by_co_writer()
    {
        var writer = $"Own Writer {Guid.NewGuid():N}";
        var partner = $"Co Writer {Guid.NewGuid():N}";
        using var client = await App.SignInAsNewAsync(NewsroomRoles.Author, writer);
        var start = App.Clock.GetUtcNow().UtcDateTime.AddDays(-3);
        var headlines = new List<string>();
        var shared = new List<string>();
        for (var i = 0; i < 26; i++)
        {
            var article = await new ArticleBuilder().By(i % 2 == 0 ? [writer, partner] : [writer]).PublishedAt(start.AddMinutes(i)).SaveAsync(App);
            headlines.Add(article.Headline);
            if (i % 2 == 0)
            {
                shared.Add(article.Headline);
            }
        }

        // Someone else's (the partner's alone), changed after all of them; one the writer created under another byline;
        // and one of theirs in the trash.
        var others = await new ArticleBuilder().By(partner).PublishedAt(start.AddHours(2)).SaveAsync(App);
        var created = await new ArticleBuilder().PublishedAt(start.AddHours(1)).SaveAsync(App);
        var trashed = await new ArticleBuilder().By(writer).Status(ArticleStatus.Trashed).PublishedAt(start.AddHours(3)).SaveAsync(App);
        var (userId, partnerId) = await App.WithDbAsync(async (db, _) =>
        {
            var user = await db.Users.Where(u => u.Email == client.Email).Select(u => u.Id).SingleAsync();
            await db.Articles.Where(a => a.Id == created.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.CreatedById, user));
            return (user, await db.Authors.Where(a => a.Name == partner).Select(a => a.Id).SingleAsync());
        });
        Assert.NotEmpty(userId);

        var page1 = await client.Http.GetDocumentAsync("/newsroom/articles");
        Assert.Equal("27 article(s)", page1.QuerySelector("p[role=status]")!.TextContent.Trim());
        var expected = new[] { created.Headline }.Concat(Enumerable.Reverse(headlines)).ToList();
        Assert.Equal(expected.Take(25), page1.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent));
        var page2 = await client.Http.GetDocumentAsync("/newsroom/articles?page=2");
        Assert.Equal(expected.Skip(25), page2.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent));
        var listed = page1.Body!.TextContent + page2.Body!.TextContent;
        Assert.DoesNotContain(others.Headline, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(trashed.Headline, listed, StringComparison.Ordinal);

        // Filtered by the co-writer: only the stories they share, not the partner's own.
        var byPartner = await client.Http.GetDocumentAsync($"/newsroom/articles?author={partnerId}");
        Assert.Equal("13 article(s)", byPartner.QuerySelector("p[role=status]")!.TextContent.Trim());
        Assert.Equal(Enumerable.Reverse(shared), byPartner.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task An_empty_list_says_why_it_is_empty_and_where_to_go()
    {
        var writer = $"New Writer {Guid.NewGuid():N}";
        using var client = await App.SignInAsNewAsync(NewsroomRoles.Author, writer);

        var none = await client.Http.GetDocumentAsync("/newsroom/articles");
        Assert.Equal("0 article(s)", none.QuerySelector("p[role=status]")!.TextContent.Trim());
        Assert.Null(none.QuerySelector("table"));
        Assert.Contains("No articles yet.", none.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(none.QuerySelector("main p a[href='/newsroom/articles/edit']"));

        await new ArticleBuilder().By(writer).SaveAsync(App);
        var unmatched = await client.Http.GetDocumentAsync("/newsroom/articles?status=Scheduled");
        Assert.Null(unmatched.QuerySelector("table"));
        Assert.Contains("No article matches these filters.", unmatched.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(unmatched.QuerySelector("main p a[href='/newsroom/articles']"));

        var pastTheEnd = await client.Http.GetDocumentAsync("/newsroom/articles?page=3");
        Assert.Equal("1 article(s)", pastTheEnd.QuerySelector("p[role=status]")!.TextContent.Trim());
        Assert.Contains("There is nothing on page 3 of this list.", pastTheEnd.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(pastTheEnd.QuerySelector("main p a[href='/newsroom/articles?page=1']"));

        var listed = await client.Http.GetDocumentAsync("/newsroom/articles");
        Assert.Single(listed.QuerySelectorAll("tbody tr"));
        Assert.DoesNotContain("No articles yet.", listed.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class SqliteArticleListTests(NewsroomApp app) : ArticleListTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresArticleListTests(PostgresNewsroomApp app) : ArticleListTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;

/// <summary>How the list finds one author's articles: down the list by last change, or from the author's bylines.</summary>
public sealed class ArticleListPlanTests
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
    public void Reads_from_the_authors_side_when_the_walk_would_pass_more_entries_than_two_per_article_of_theirs(int authorArticles, int newestId, int rowsThrough, bool fromAuthor) =>
        Assert.Equal(fromAuthor, ListPlan.ReadFromOwnRows(authorArticles, newestId, rowsThrough));
}
