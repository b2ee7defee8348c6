using Broadsheet.Articles;

namespace Broadsheet.Tests.Articles;

public sealed class ArticleBodyTests
{
    [Fact]
    public void Quotes_and_dashes_become_typographic()
    {
        var html = ArticleBody.ToHtml("\"Yes,\" she said -- it's done --- finally.");
        Assert.Equal("<p>&ldquo;Yes,&rdquo; she said &ndash; it\u2019s done &mdash; finally.</p>", html.Trim());
    }

    [Fact]
    public void Apostrophes_in_code_and_link_targets_stay_straight()
    {
        var html = ArticleBody.ToHtml("Run `it's` and see [Côte d'Ivoire](https://example.org/Cote_d'Ivoire).");
        Assert.Contains("<code>it's</code>", html, StringComparison.Ordinal);
        var href = Broadsheet.Tests.Infrastructure.Html.Parse(html).QuerySelector("a")!.GetAttribute("href")!;
        Assert.StartsWith("https://example.org/Cote_d", href, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2019", Uri.UnescapeDataString(href), StringComparison.Ordinal);
        Assert.Contains("d\u2019Ivoire</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_quotes_keep_bracketed_insertions()
    {
        var html = ArticleBody.ToHtml("> \"The plan [for the harbour] works,\" he said.");
        Assert.Contains("<blockquote>", html, StringComparison.Ordinal);
        Assert.Contains("[for the harbour]", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_markup()
    {
        var html = ArticleBody.ToHtml("<iframe src=\"https://evil.example\"></iframe>\n\nText <b>bold</b>");
        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JAVASCRIPT:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("<javascript:alert(1)>")]
    public void Dangerous_link_targets_are_removed(string markdown)
    {
        var html = ArticleBody.ToHtml(markdown);
        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_level_one_heading_in_the_body_becomes_h2_so_the_headline_stays_the_only_h1()
    {
        Assert.Contains("<h2", ArticleBody.ToHtml("# Inside the body"), StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpt_is_the_first_paragraph_as_plain_text()
    {
        Assert.Equal("First *bit* here.".Replace("*", "", StringComparison.Ordinal), ArticleBody.Excerpt("First *bit* here.\n\nSecond."));
    }
}
