using Broadsheet.Demo;

namespace Broadsheet.Tests.Demo;

/// <summary>The demo articles a writer edits as Markdown files (Demo/Articles/*.md).</summary>
public sealed class DemoArticlesTests
{
    [Fact]
    public void Demo_articles_are_read_in_file_order_with_their_threads()
    {
        var articles = DemoArticles.Load();

        Assert.Equal(52, articles.Count);
        Assert.Equal(articles.Count, articles.Select(a => a.Slug).Distinct().Count());
        var first = articles[0];
        Assert.Equal("offshore-wind-farm-expansion-gets-the-go-ahead", first.Slug);
        Assert.Equal((0, 15), (first.DaysAgo, first.Hour));
        Assert.Equal(["rafael-quenby"], first.Authors);
        Assert.StartsWith("A plan to add 42 turbines", first.Body, StringComparison.Ordinal);
        var answer = Assert.Single(Assert.Single(first.Comments[0].Replies).Replies);
        Assert.Equal(("Rafael (Broadsheet)", 80), (answer.Name, answer.MinutesAfterPublication));
    }

    [Fact]
    public void A_mistake_in_a_demo_file_names_the_file_and_what_to_write()
    {
        const string text = "---\nheadline: A\nslug: a\nstandfirst: S\nsection: city\ntags: T\nauthors: x\npublished: yesterday\n---\nBody\n";

        var error = Assert.Throws<FormatException>(() => DemoArticles.Parse("07-a.md", text));

        Assert.Contains("07-a.md", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 days ago at 15:00", error.Message, StringComparison.Ordinal);
    }
}
