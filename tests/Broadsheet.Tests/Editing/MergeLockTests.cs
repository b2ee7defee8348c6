using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Editing;

/// <summary>
/// Two merges at once on PostgreSQL, where each locks its articles' rows (SQLite has one writer at a time, so there
/// they cannot interleave at all).
/// </summary>
public sealed class PostgresMergeLockTests(PostgresNewsroomApp app) : AppTest<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Two_tag_merges_over_shared_articles_both_go_through_when_a_save_adds_an_article_to_one_of_them_meanwhile()
    {
        // Three articles in id order. The first merge's tag is on the second and third, the other merge's on the first
        // and second; a save holds the third.
        var (a, b) = (Unique("Merged first"), Unique("Merged second"));
        var (intoA, intoB) = (Unique("Kept first"), Unique("Kept second"));
        var first = await new ArticleBuilder().Headline(Unique("First")).Tagged(b).SaveAsync(App);
        var second = await new ArticleBuilder().Headline(Unique("Second")).Tagged(a, b).SaveAsync(App);
        var third = await new ArticleBuilder().Headline(Unique("Third")).Tagged(a).SaveAsync(App);
        await new ArticleBuilder().Headline(Unique("Kept")).Tagged(intoA, intoB).SaveAsync(App);
        var tags = await App.WithDbAsync((db, _) =>
            db.Tags.Where(t => t.Name == a || t.Name == b || t.Name == intoA || t.Name == intoB).ToDictionaryAsync(t => t.Name, t => t.Id));
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        Task<HttpResponseMessage> Merge(string from, string into) => editor.PostFormAsync(
            "/newsroom/tags?handler=Merge",
            new() { ["MergeFromId"] = Number(tags[from]), ["MergeIntoId"] = Number(tags[into]) },
            "/newsroom/tags");

        Task<HttpResponseMessage> mergeA, mergeB;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            await using var save = await db.Database.BeginTransactionAsync();
            await ArticleLocks.LockAsync(db, third.Id, CancellationToken.None);

            // The first merge locks the second article and waits for the third.
            mergeA = Merge(a, intoA);
            Assert.True(await BlockedSessionsAsync(1), "the first merge never waited for the save");

            // Meanwhile another desk puts the first merge's tag on the first article, so the merge must lock that one
            // too once it has the third: an article with a lower id than one it already holds.
            await App.WithDbAsync(async (other, _) =>
            {
                var article = await other.Articles.Include(x => x.Tags).SingleAsync(x => x.Id == first.Id);
                article.Tags.Add(await other.Tags.SingleAsync(t => t.Id == tags[a]));
                await other.SaveChangesAsync();
                return 0;
            });

            // The second merge would lock the first article, then wait for the second, which the first merge holds.
            mergeB = Merge(b, intoB);
            Assert.True(await BlockedSessionsAsync(2), "the second merge never waited");
            await save.CommitAsync();
        }

        // Before, the first merge then waited for the first article while the second merge held it and waited for the
        // second: PostgreSQL found the deadlock and aborted one of them, and its editor saw an error page.
        using var answerA = await mergeA;
        using var answerB = await mergeB;
        Assert.Equal(HttpStatusCode.Redirect, answerA.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, answerB.StatusCode);
        Assert.Equal([intoA, intoB], (await NewsroomArticles.LoadAsync(App, second.Id)).Tags.Select(t => t.Name).Order());
        Assert.Equal([intoA, intoB], (await NewsroomArticles.LoadAsync(App, first.Id)).Tags.Select(t => t.Name).Order());
        Assert.Equal([intoA], (await NewsroomArticles.LoadAsync(App, third.Id)).Tags.Select(t => t.Name));
        Assert.False(await App.WithDbAsync((db, _) => db.Tags.AnyAsync(t => t.Id == tags[a] || t.Id == tags[b])));
    }

    /// <summary>Whether, within ten seconds, at least <paramref name="count"/> sessions of this database wait for another's lock.</summary>
    private Task<bool> BlockedSessionsAsync(int count) => Eventually.TrueAsync(
        async () => await App.WithDbAsync((db, _) => db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0")
            .SingleAsync()) >= count,
        TimeSpan.FromSeconds(10));

    private static string Number(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
