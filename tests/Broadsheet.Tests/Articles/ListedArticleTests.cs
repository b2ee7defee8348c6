using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Articles;

/// <summary>
/// A tag's and an author's lists read from the copies of each article's status and time that the tag links and
/// bylines carry (<see cref="ListedArticle"/>), kept by the database's triggers: whatever changes an article, through
/// EF Core or plain SQL, the lists show what the articles themselves say. Runs once per database provider.
/// </summary>
public abstract class ListedArticleTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : BroadsheetApp
{
    [Fact]
    public async Task A_tags_and_an_authors_pages_and_the_tags_feed_list_only_their_published_articles_newest_first()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var (writer, other, tag) = ($"Listed Writer {unique}", $"Listed Other {unique}", $"Listed tag {unique}");
        var headlines = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            headlines.Insert(0, $"Listed story {i} of {unique}");
            await new ArticleBuilder().Headline(headlines[0]).By(writer).Tagged(tag).PublishedAgo(TimeSpan.FromHours(10 - i)).SaveAsync(App);
            await new ArticleBuilder().Headline($"Not theirs {i} of {unique}").By(other).PublishedAgo(TimeSpan.FromHours(10 - i) - TimeSpan.FromMinutes(30)).SaveAsync(App);
        }

        await new ArticleBuilder().Headline($"Draft of {unique}").By(writer).Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);
        await new ArticleBuilder().Headline($"Tomorrow's of {unique}").By(writer).Tagged(tag).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);

        foreach (var path in new[] { $"/author/{Slugs.From(writer)}", $"/tag/{Slugs.From(tag)}", $"/tag/{Slugs.From(tag)}/feed" })
        {
            var body = await Client.GetStringAsync(path);
            var shown = headlines.Select(h => body.IndexOf(h, StringComparison.Ordinal)).ToList();
            Assert.All(shown, at => Assert.True(at >= 0, $"{path} does not list all three articles"));
            Assert.True(shown.SequenceEqual(shown.Order()), $"{path} does not list them newest first");
            Assert.DoesNotContain($"Draft of {unique}", body, StringComparison.Ordinal);
            Assert.DoesNotContain($"Tomorrow's of {unique}", body, StringComparison.Ordinal);
            Assert.DoesNotContain($"Not theirs", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_lists_follow_every_change_of_an_articles_status_time_tags_and_bylines()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var (writer, tag) = ($"Following Writer {unique}", $"Following tag {unique}");
        var published = new List<Article>();
        for (var i = 0; i < 5; i++)
        {
            published.Add(await new ArticleBuilder().By(writer).Tagged(tag).PublishedAgo(TimeSpan.FromHours(20 - i)).SaveAsync(App));
        }

        var draft = await new ArticleBuilder().By(writer).Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);
        var scheduled = await new ArticleBuilder().By(writer).Tagged(tag).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        var untagged = await new ArticleBuilder().By($"Someone Else {unique}").PublishedAgo(TimeSpan.FromMinutes(5)).SaveAsync(App);
        var (authorId, tagId) = await App.WithDbAsync(async (db, _) => (
            await db.Authors.Where(a => a.Name == writer).Select(a => a.Id).SingleAsync(),
            await db.Tags.Where(t => t.Name == tag).Select(t => t.Id).SingleAsync()));

        await AssertListedAsync(authorId, tagId, [.. published.Select(a => a.Id).Reverse()]);

        // The newsroom's way, through EF Core: the draft is published now, the oldest moved to the front.
        await ChangeAsync(async (db, now) =>
        {
            var article = await db.Articles.SingleAsync(a => a.Id == draft.Id);
            (article.Status, article.PublishedAt) = (ArticleStatus.Published, now - TimeSpan.FromMinutes(1));
            (await db.Articles.SingleAsync(a => a.Id == published[0].Id)).PublishedAt = now - TimeSpan.FromSeconds(30);
            await db.SaveChangesAsync();
        });
        await AssertListedAsync(authorId, tagId, [published[0].Id, draft.Id, published[4].Id, published[3].Id, published[2].Id, published[1].Id]);

        // Plain SQL, as an import or the scheduler might: one unpublished, the scheduled one's time come.
        await ChangeAsync(async (db, now) =>
        {
            await db.Articles.Where(a => a.Id == published[3].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Unpublished));
            await db.Articles.Where(a => a.Id == scheduled.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, ArticleStatus.Published).SetProperty(a => a.PublishedAt, now - TimeSpan.FromMinutes(2)));
        });
        await AssertListedAsync(authorId, tagId, [published[0].Id, draft.Id, scheduled.Id, published[4].Id, published[2].Id, published[1].Id]);

        // A published article given the tag and the byline afterwards joins both lists; one whose tag and byline
        // are taken away leaves them.
        await ChangeAsync(async (db, _) =>
        {
            var joining = await db.Articles.Include(a => a.Tags).Include(a => a.Bylines).AsSplitQuery().SingleAsync(a => a.Id == untagged.Id);
            joining.Tags.Add(await db.Tags.SingleAsync(t => t.Id == tagId));
            joining.Bylines.Add(new Byline { AuthorId = authorId, Position = 1 });
            var leaving = await db.Articles.Include(a => a.Tags).Include(a => a.Bylines).AsSplitQuery().SingleAsync(a => a.Id == published[2].Id);
            leaving.Tags.Clear();
            leaving.Bylines.Clear();
            await db.SaveChangesAsync();
        });
        await AssertListedAsync(authorId, tagId, [published[0].Id, draft.Id, scheduled.Id, untagged.Id, published[4].Id, published[1].Id]);
    }

    private Task<bool> ChangeAsync(Func<BroadsheetDb, DateTime, Task> change) => App.WithDbAsync(async (db, services) =>
    {
        await change(db, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        return true;
    });

    /// <summary>
    /// Both lists, read page by page two at a time, are <paramref name="expected"/>; and so is what the articles
    /// themselves say, found through the skip navigation and the bylines without the copies.
    /// </summary>
    private Task<bool> AssertListedAsync(int authorId, int tagId, IReadOnlyList<int> expected) => App.WithDbAsync(async (db, services) =>
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var truth = db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now)
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);
        Assert.Equal(expected, await truth.Where(a => a.Tags.Any(t => t.Id == tagId)).Select(a => a.Id).ToListAsync());
        Assert.Equal(expected, await truth.Where(a => a.Bylines.Any(b => b.AuthorId == authorId)).Select(a => a.Id).ToListAsync());

        foreach (var (list, id) in new[] { (CardPageQuery.Author, authorId), (CardPageQuery.Tag, tagId) })
        {
            var listed = new List<int>();
            for (var page = 1; ; page++)
            {
                var cards = await list.PageAsync(db, id, default, default, now, page, pageSize: 2, CancellationToken.None);
                listed.AddRange(cards.Items.Select(c => c.Id));
                if (!cards.HasNext)
                {
                    break;
                }
            }

            Assert.Equal(expected, listed);
        }

        return true;
    });
}

public sealed class SqliteListedArticleTests(SqliteApp app) : ListedArticleTests<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresListedArticleTests(PostgresApp app) : ListedArticleTests<PostgresApp>(app), IClassFixture<PostgresApp>;
