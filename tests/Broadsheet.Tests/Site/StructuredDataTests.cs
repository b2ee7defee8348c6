using System.Text.Json;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Site;

public sealed class StructuredDataTests(SqliteApp app) : AppTest<SqliteApp>(app), IClassFixture<SqliteApp>
{
    private const string ScriptTag = "<script type=\"application/ld+json\">";

    private string PathOf(Broadsheet.Articles.Article article) =>
        App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);

    private static JsonElement TheOnlyJsonLd(string html)
    {
        var scripts = Html.Parse(html).Scripts.Where(s => s.Type == "application/ld+json").ToList();
        Assert.Single(scripts);
        return JsonDocument.Parse(scripts[0].Text).RootElement;
    }

    [Fact]
    public async Task The_article_page_writes_the_json_ld_type_literally_for_crawlers_that_match_it()
    {
        var article = await new ArticleBuilder().SaveAsync(App);

        var html = await Client.GetStringAsync(PathOf(article));

        Assert.Contains(ScriptTag, html, StringComparison.Ordinal);
        Assert.DoesNotContain("ld&#x2B;json", html, StringComparison.Ordinal);
        Assert.Equal(article.Headline, TheOnlyJsonLd(html).GetProperty("headline").GetString());
    }

    [Fact]
    public async Task A_static_page_writes_the_json_ld_type_literally()
    {
        var page = await new StaticPageBuilder().SaveAsync(App);

        var html = await Client.GetStringAsync("/" + page.Slug);

        Assert.Contains(ScriptTag, html, StringComparison.Ordinal);
        Assert.Equal(page.Title, TheOnlyJsonLd(html).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_headline_that_closes_the_script_stays_data_inside_the_json_ld()
    {
        const string Hostile = "Breaking </script><script>alert(1)</script><!-- & \"quoted\"";
        var article = await new ArticleBuilder().Headline(Hostile).SaveAsync(App);

        var html = await Client.GetStringAsync(PathOf(article));

        var start = html.IndexOf(ScriptTag, StringComparison.Ordinal) + ScriptTag.Length;
        var json = html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.Equal(Hostile, JsonDocument.Parse(json).RootElement.GetProperty("headline").GetString());
        Assert.Equal(Hostile, TheOnlyJsonLd(html).GetProperty("headline").GetString());
        Assert.DoesNotContain(Html.Parse(html).Scripts, s => s.Text.Contains("alert(1)", StringComparison.Ordinal) && s.Type != "application/ld+json");
    }
}
