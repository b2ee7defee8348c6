using Broadsheet.Accounts;
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
}

public sealed class SqliteArticleListTests(NewsroomApp app) : ArticleListTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresArticleListTests(PostgresNewsroomApp app) : ArticleListTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
