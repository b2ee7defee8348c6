using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Import;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Import;

/// <summary>
/// Every file of the shared WXR corpus, each into a site of its own: what the file holds arrives (counted here with
/// an independent reading of the XML), a second import adds nothing, and every imported article renders.
/// </summary>
public sealed class WxrCorpusImportTests
{
    [Theory]
    [MemberData(nameof(WxrCorpus.Readable), MemberType = typeof(WxrCorpus))]
    public async Task Each_corpus_file_imports_what_it_holds_once_and_every_article_renders(string name)
    {
        var path = WxrCorpus.File(name);
        var expected = WxrCorpus.Count(path);
        var app = await ImportHarness.StartFreshAsync();
        try
        {
            var before = await app.TotalsAsync();
            var report = await app.ImportAsync(path);

            Assert.Equal(expected.Posts, report[ImportReport.Articles].Imported);
            Assert.Equal(expected.Pages, report[ImportReport.StaticPages].Imported);
            Assert.Equal(expected.Comments, report[ImportReport.Comments].Imported);
            Assert.Equal(expected.Pingbacks, report[ImportReport.Pingbacks].Imported);
            var statuses = await app.DbAsync(db => db.Articles.Where(a => a.WordPressId != null).GroupBy(a => a.Status)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
            Assert.Equal(expected.Published, statuses.GetValueOrDefault(ArticleStatus.Published));
            Assert.Equal(expected.Scheduled, statuses.GetValueOrDefault(ArticleStatus.Scheduled));
            Assert.Equal(expected.Drafts, statuses.GetValueOrDefault(ArticleStatus.Draft));
            Assert.Equal(expected.Pages, await app.DbAsync(db => db.StaticPages.CountAsync(p => p.WordPressId != null)));
            Assert.Equal(expected.Comments, await app.DbAsync(db => db.Comments.CountAsync(c => c.WordPressId != null && c.Kind == CommentKind.Comment)));
            Assert.Equal(expected.Pingbacks, await app.DbAsync(db => db.Comments.CountAsync(c => c.WordPressId != null && c.Kind != CommentKind.Comment)));
            Assert.True(await app.DbAsync(db => db.Articles.Where(a => a.WordPressId != null).AllAsync(a => a.BodyFormat == BodyFormat.Html && a.AlertQueuedAt != null && !a.EmailSubscribers)),
                "An imported article could still alert subscribers, or its body is not marked as HTML.");

            var afterFirst = await app.TotalsAsync();
            var again = await app.ImportAsync(path);
            Assert.Equal(afterFirst, await app.TotalsAsync());
            Assert.All(again.Rows, row => Assert.Equal(0, row.Counts.Imported));
            Assert.Equal(expected.Posts, again[ImportReport.Articles].Skipped);

            await app.AssertRendersAsync((await app.PublishedPathsAsync()).Select(p => p.Path));
            Assert.Equal(before.Media, afterFirst.Media);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Theory]
    [MemberData(nameof(WxrCorpus.Unreadable), MemberType = typeof(WxrCorpus))]
    public async Task A_broken_or_unreadable_file_is_refused_with_where_and_nothing_is_written(string name)
    {
        var path = WxrCorpus.File(name);
        var app = await ImportHarness.StartFreshAsync();
        try
        {
            var before = await app.TotalsAsync();
            var refusal = await Assert.ThrowsAsync<WxrFormatException>(() => app.ImportAsync(path));

            Assert.Contains(name, refusal.Message, StringComparison.Ordinal);
            if (!WxrCorpus.IsWellFormed(path))
            {
                Assert.Matches(@"line \d+, column \d+", refusal.Message);
            }

            Assert.Equal(before, await app.TotalsAsync());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
