using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Site;

/// <summary>
/// A site with more sections than SQLite allows terms in one compound query (500): an import of a blog's categories
/// makes one section per category. The home page still shows every section's front.
/// </summary>
public sealed class ManySectionsTests(ManySectionsApp app) : AppTest<ManySectionsApp>(app), IClassFixture<ManySectionsApp>
{
    private static string PathOf(Article article) => FormattableString.Invariant($"/{article.PublishedAt!.Value:yyyy/MM/dd}/{article.Slug}");

    [Fact]
    public async Task The_home_page_shows_the_fronts_of_a_site_with_six_hundred_sections()
    {
        await App.WithDbAsync(async (db, _) =>
        {
            var last = await db.Sections.MaxAsync(s => (int?)s.Position) ?? 0;
            db.Sections.AddRange(Enumerable.Range(1, 600).Select(i => new Section { Name = $"Category {i:000}", Slug = $"category-{i:000}", Position = last + i }));
            return await db.SaveChangesAsync();
        });
        // Long ago, so that the latest list above the fronts does not take them.
        var day = new DateTime(2001, 3, 4, 9, 0, 0, DateTimeKind.Utc);
        var first = await new ArticleBuilder().Headline("Filed under the first category").InSection("category-001").PublishedAt(day).SaveAsync(App);
        var last = await new ArticleBuilder().Headline("Filed under the last category").InSection("category-600").PublishedAt(day).SaveAsync(App);

        var home = await Client.GetDocumentAsync("/");

        var fronts = home.QuerySelectorAll("section h2 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/section/category-001", fronts);
        Assert.Contains("/section/category-600", fronts);
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == PathOf(first));
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == PathOf(last));
    }
}

public sealed class ManySectionsApp : NewsroomApp
{
    public ManySectionsApp() => Configure("Broadsheet:OutputCache:Enabled", "false");
}
