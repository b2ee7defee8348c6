using System.Text.Json;
using System.Xml.Linq;
using Broadsheet.Articles;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Articles;

/// <summary>An article whose body is HTML (imported from WordPress): its page, description and feeds.</summary>
public abstract class HtmlArticleTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : BroadsheetApp
{
    private const string Body = """
        <figure class="wp-block-image aligncenter"><img src="/demo/ferry.webp" alt="The ferry" width="1200" height="675"><figcaption>The ferry at dawn.</figcaption></figure>
        <p>The harbour <strong>ferry</strong> returns on Monday &amp; runs every hour.</p>
        <h1>Timetable</h1>
        <table><caption>Departures</caption><tr><th>Stop</th><th>Time</th></tr><tr><td>Pier</td><td>07:00</td></tr></table>
        <p><a href="https://example.org/timetable" target="_blank">Full timetable</a></p>
        """;

    [Fact]
    public async Task An_html_body_shows_its_sanitized_markup_on_the_article_page()
    {
        var article = await new ArticleBuilder().Standfirst(null).HtmlBody(Body + "<p onclick=\"alert(1)\">Safe<script>alert(2)</script></p>").SaveAsync(App);

        var page = await Client.GetDocumentAsync(PathOf(article));
        var body = page.QuerySelector("article .body")!;
        Assert.Equal("The ferry at dawn.", body.QuerySelector("figure figcaption")!.TextContent);
        Assert.Equal("lazy", body.QuerySelector("figure img")!.GetAttribute("loading"));
        Assert.Equal("Timetable", body.QuerySelector("h2")!.TextContent);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(["Stop", "Time"], body.QuerySelectorAll(".table-scroll table th").Select(th => th.TextContent));
        Assert.Equal("nofollow noopener noreferrer", body.QuerySelector("a[href='https://example.org/timetable']")!.GetAttribute("rel"));
        Assert.Empty(body.QuerySelectorAll("script, [onclick], [target]"));
        Assert.Equal("Safe", body.QuerySelectorAll("p")[^1].TextContent);
    }

    [Fact]
    public async Task Without_a_standfirst_the_description_json_ld_and_feeds_take_the_first_paragraph_of_the_html_body()
    {
        var article = await new ArticleBuilder().Standfirst(null).HtmlBody(Body).SaveAsync(App);
        const string FirstParagraph = "The harbour ferry returns on Monday & runs every hour.";

        var page = await Client.GetDocumentAsync(PathOf(article));
        Assert.Equal(FirstParagraph, page.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.Equal(FirstParagraph, page.QuerySelector("meta[property='og:description']")!.GetAttribute("content"));
        var jsonLd = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal(FirstParagraph, jsonLd.GetProperty("description").GetString());

        var rss = XDocument.Parse(await Client.GetStringAsync("/feed"));
        var item = rss.Descendants("item").Single(i => i.Element("title")!.Value == article.Headline);
        // The description is HTML to feed readers: the text, encoded, with no markup of the body.
        Assert.Equal(System.Net.WebUtility.HtmlEncode(FirstParagraph), item.Element("description")!.Value);

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entry = XDocument.Parse(await Client.GetStringAsync("/feed/atom")).Root!.Elements(atom + "entry")
            .Single(e => e.Element(atom + "title")!.Value == article.Headline);
        Assert.Equal(FirstParagraph, entry.Element(atom + "summary")!.Value);
    }

    private string PathOf(Article article) =>
        App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
}

public sealed class SqliteHtmlArticleTests(SqliteApp app) : HtmlArticleTests<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresHtmlArticleTests(PostgresApp app) : HtmlArticleTests<PostgresApp>(app), IClassFixture<PostgresApp>;
