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
            var saving = await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync();

            // The first merge locks the second article and waits for the third.
            mergeA = Merge(a, intoA);
            var firstMerge = await WaiterOnAsync(saving);
            Assert.True(firstMerge is not null, "the first merge never waited for the save");

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
            Assert.True(await WaiterOnAsync(firstMerge.Value) is not null, "the second merge never waited for the first");
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

    [Fact]
    public async Task A_section_merge_waits_for_a_merge_under_way_before_it_moves_its_articles()
    {
        var (from, into) = ($"boats-{Guid.NewGuid():N}"[..14], $"transport-{Guid.NewGuid():N}"[..18]);
        var moved = await new ArticleBuilder().Headline(Unique("Moved")).InSection(from).SaveAsync(App);
        await new ArticleBuilder().Headline(Unique("Already there")).InSection(into).SaveAsync(App);
        var held = await new ArticleBuilder().Headline(Unique("Held")).SaveAsync(App);
        var sections = await App.WithDbAsync((db, _) =>
            db.Sections.Where(x => x.Slug == from || x.Slug == into).ToDictionaryAsync(x => x.Slug, x => x.Id));
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        Task<HttpResponseMessage> merge;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            // Another merge under way, over an article of neither section.
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            await using var other = await db.Database.BeginTransactionAsync();
            await ArticleLocks.LockAllAsync(db, () => db.Articles.Where(x => x.Id == held.Id).Select(x => x.Id), CancellationToken.None);
            var merging = await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync();

            merge = editor.PostFormAsync(
                "/newsroom/sections?handler=Merge",
                new() { ["MergeFromId"] = Number(sections[from]), ["MergeIntoId"] = Number(sections[into]) },
                "/newsroom/sections");

            // Before, the section merge updated its articles at once, in the order of its scan, beside the other.
            Assert.True(await WaiterOnAsync(merging) is not null, "the section merge did not wait for the merge under way");
            Assert.False(merge.IsCompleted);
            await other.CommitAsync();
        }

        using var answer = await merge;
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(sections[into], (await NewsroomArticles.LoadAsync(App, moved.Id)).SectionId);
    }

    /// <summary>The session that waits for <paramref name="pid"/>'s locks, once one does (within ten seconds), else null.</summary>
    private async Task<int?> WaiterOnAsync(int pid)
    {
        int? waiter = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var waiting = await App.WithDbAsync((db, _) => db.Database.SqlQuery<int>(
                    $"SELECT pid AS \"Value\" FROM pg_stat_activity WHERE {pid} = ANY(pg_blocking_pids(pid))").ToListAsync());
                waiter = waiting.Count > 0 ? waiting[0] : null;
                return waiter is not null;
            },
            TimeSpan.FromSeconds(10));
        return waiter;
    }

    private static string Number(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
