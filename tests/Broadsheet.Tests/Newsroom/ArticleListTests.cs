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
    public async Task An_authors_list_follows_every_change_of_its_articles_last_change_status_section_and_bylines()
    {
        // The list filtered by author reads the bylines' copies of each article's last change and status (ListedArticle),
        // which the database's triggers keep: whatever changes an article, the list shows what the article says.
        var writer = $"Followed Writer {Guid.NewGuid():N}";
        var start = App.Clock.GetUtcNow().UtcDateTime.AddDays(-4);
        var articles = new List<Article>();
        // Two pages' worth, so a copy left behind would put the wrong article on the wrong page.
        for (var i = 0; i < IndexModel.PageSize + 2; i++)
        {
            articles.Add(await new ArticleBuilder().By(writer).PublishedAt(start.AddMinutes(i)).SaveAsync(App));
        }

        var joining = await new ArticleBuilder().By($"Stranger {Guid.NewGuid():N}").PublishedAt(start.AddMinutes(30)).SaveAsync(App);
        var authorId = await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Name == writer).Select(a => a.Id).SingleAsync());
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await AssertListedAsync(editor, $"author={authorId}", [.. articles.Select(a => a.Headline).Reverse()]);

        var otherSection = await App.WithDbAsync(async (db, _) =>
        {
            // Through EF Core, as the newsroom saves: article 1 changed an hour later and back to a draft.
            var edited = await db.Articles.SingleAsync(a => a.Id == articles[1].Id);
            (edited.UpdatedAt, edited.Status) = (start.AddHours(1), ArticleStatus.Draft);
            await db.SaveChangesAsync();

            // Plain SQL, as an import might: article 2, the oldest left, changed later still (from the end of the
            // second page to the top of the first), article 4 to the trash, article 3 moved to another section (its
            // last change kept).
            await db.Articles.Where(a => a.Id == articles[2].Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.UpdatedAt, start.AddHours(2)));
            await db.Articles.Where(a => a.Id == articles[4].Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, ArticleStatus.Trashed));
            var section = await db.Sections.Where(s => s.Id != articles[3].SectionId).Select(s => s.Id).FirstAsync();
            await db.Articles.Where(a => a.Id == articles[3].Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.SectionId, section));

            // A byline given to another article, which joins at its own last change; article 0's taken away.
            var joined = await db.Articles.Include(a => a.Bylines).SingleAsync(a => a.Id == joining.Id);
            joined.Bylines.Add(new Byline { AuthorId = authorId, Position = 1 });
            var left = await db.Articles.Include(a => a.Bylines).SingleAsync(a => a.Id == articles[0].Id);
            left.Bylines.Clear();
            await db.SaveChangesAsync();
            return section;
        });

        await AssertListedAsync(editor, $"author={authorId}",
            [articles[2].Headline, articles[1].Headline, joining.Headline, .. articles[5..].Select(a => a.Headline).Reverse(), articles[3].Headline]);
        await AssertListedAsync(editor, $"author={authorId}&status=Draft", [articles[1].Headline]);
        await AssertListedAsync(editor, $"author={authorId}&status=Trashed", []);
        await AssertListedAsync(editor, $"author={authorId}&section={otherSection}", [articles[3].Headline]);
    }

    /// <summary>The list at <paramref name="query"/> counts and shows <paramref name="headlines"/>, in that order, page after page.</summary>
    private static async Task AssertListedAsync(NewsroomClient client, string query, IReadOnlyList<string> headlines)
    {
        var listed = new List<string>();
        for (var path = $"/newsroom/articles?{query}"; ;)
        {
            var page = await client.Http.GetDocumentAsync(path);
            Assert.Equal($"{headlines.Count} article(s)", page.QuerySelector("p[role=status]")!.TextContent.Trim());
            listed.AddRange(page.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent));
            if (page.QuerySelector(".nr-pager a[rel=next]")?.GetAttribute("href") is not { } next)
            {
                break;
            }

            path = next;
        }

        Assert.Equal(headlines, listed);
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
