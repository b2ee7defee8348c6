using Broadsheet.Articles;
using Broadsheet.Tests.Import;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Export;

/// <summary>Leaving is as easy as arriving: our own importer reads our WXR export back with the same counts.</summary>
public sealed class RoundTripTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private sealed record Shape(int Articles, int Published, int Scheduled, int Comments, int ApprovedComments, int Replies, int Pages, int PublishedPages);

    private static Task<Shape> ShapeAsync(BroadsheetApp app, bool importedOnly) => app.WithDbAsync(async (db, _) =>
    {
        var articles = db.Articles.Where(a => !importedOnly || a.WordPressId != null);
        var comments = db.Comments.Where(c => !importedOnly || c.WordPressId != null);
        var pages = db.StaticPages.Where(p => !importedOnly || p.WordPressId != null);
        return new Shape(
            await articles.CountAsync(),
            await articles.CountAsync(a => a.Status == ArticleStatus.Published),
            await articles.CountAsync(a => a.Status == ArticleStatus.Scheduled),
            await comments.CountAsync(),
            await comments.CountAsync(c => c.Status == Broadsheet.Comments.CommentStatus.Approved),
            await comments.CountAsync(c => c.ParentId != null),
            await pages.CountAsync(),
            await pages.CountAsync(p => p.Status == Broadsheet.StaticPages.StaticPageStatus.Published));
    });

    [Fact]
    public async Task Our_WordPress_export_imports_back_with_the_same_articles_comments_threads_and_pages()
    {
        await ExportTestSite.AddToAsync(App);
        var file = Path.Combine(App.DataDir, $"round-trip-{Guid.NewGuid():N}.xml");
        var export = await ProgramProcess.RunAsync(["export", "wordpress", file, "--Broadsheet:DataDir", App.DataDir, "--Logging:LogLevel:Default", "Warning"]);
        Assert.True(export.ExitCode == 0, export.Error);
        var source = await ShapeAsync(App, importedOnly: false);
        var headlines = await App.WithDbAsync((db, _) => db.Articles.Select(a => a.Headline).OrderBy(h => h).ToListAsync());

        var target = await ImportHarness.StartFreshAsync();
        try
        {
            var report = await target.ImportAsync(file);

            Assert.Equal(source, await ShapeAsync(target, importedOnly: true));
            Assert.Equal(headlines, await target.WithDbAsync((db, _) => db.Articles.Where(a => a.WordPressId != null).Select(a => a.Headline).OrderBy(h => h).ToListAsync()));

            // A second import of the same file adds nothing.
            await target.ImportAsync(file);
            Assert.Equal(source, await ShapeAsync(target, importedOnly: true));
            Assert.NotNull(report);
        }
        finally
        {
            await target.StopAsync();
            File.Delete(file);
        }
    }
}
