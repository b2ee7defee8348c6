using AngleSharp.Dom;
using Broadsheet.Articles;
using Broadsheet.Editing;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Editing;

/// <summary>Each construct converted, then rendered again by the site: the reader must find the same text in the same structure.</summary>
public sealed class HtmlToMarkdownTests
{
    [Fact]
    public void Paragraphs_and_headings_keep_their_text_and_levels()
    {
        var (markdown, page) = RoundTrip("<h1>Top</h1><p>First  paragraph\nwith a fold.</p><h3>Smaller</h3><p>Second.</p>");
        Assert.Equal("## Top\n\nFirst paragraph with a fold.\n\n### Smaller\n\nSecond.\n", markdown);
        Assert.Equal(["H2", "P", "H3", "P"], page.Children.Select(c => c.TagName));
    }

    [Fact]
    public void Emphasis_links_and_images_keep_their_targets_titles_and_alt_text()
    {
        var (markdown, page) = RoundTrip(
            "<p>Some <strong>bold</strong>, <em> leaning </em>and <a href=\"https://example.org/a b\" title=\"The &quot;site&quot;\">a link</a> "
            + "with <img src=\"/media/pier.webp\" alt=\"The pier\" title=\"Pier\"> inside.</p>");
        Assert.Contains("**bold**", markdown, StringComparison.Ordinal);
        Assert.Contains(" *leaning* and", markdown, StringComparison.Ordinal);
        Assert.Equal("bold", page.QuerySelector("strong")!.TextContent);
        Assert.Equal("leaning", page.QuerySelector("em")!.TextContent);
        var link = page.QuerySelector("a")!;
        Assert.Equal(("https://example.org/a%20b", "The \"site\"", "a link"), (link.GetAttribute("href"), link.GetAttribute("title"), link.TextContent));
        var image = page.QuerySelector("img")!;
        Assert.Equal(("/media/pier.webp", "The pier", "Pier"), (image.GetAttribute("src"), image.GetAttribute("alt"), image.GetAttribute("title")));
    }

    [Fact]
    public void Nested_lists_keep_their_nesting_order_and_numbering()
    {
        var (_, page) = RoundTrip("<ol start=\"3\"><li>Three<ul><li>Inner a</li><li>Inner b</li></ul></li><li>Four</li></ol><ul><li>Next list</li></ul>");
        var ordered = page.QuerySelector("ol")!;
        Assert.Equal("3", ordered.GetAttribute("start"));
        Assert.Equal(["Inner a", "Inner b"], ordered.QuerySelectorAll("li ul li").Select(li => li.TextContent.Trim()));
        Assert.Equal(2, ordered.Children.Length);
        // A list right after another stays a list of its own.
        Assert.Equal("Next list", page.Children[^1].QuerySelector("li")!.TextContent.Trim());
        Assert.Equal("UL", page.Children[^1].TagName);
    }

    [Fact]
    public void Loose_list_items_with_paragraphs_stay_one_list()
    {
        var (_, page) = RoundTrip("<ul><li><p>One</p><p>More on one</p></li><li><p>Two</p></li></ul>");
        var list = Assert.Single(page.QuerySelectorAll("ul"));
        Assert.Equal(2, list.Children.Length);
        Assert.Equal(2, list.Children[0].QuerySelectorAll("p").Length);
    }

    [Fact]
    public void Block_quotes_keep_their_paragraphs_and_line_breaks()
    {
        var (_, page) = RoundTrip("<blockquote><p>We will build it,<br>he said.</p><p>Then left.</p></blockquote>");
        var quote = page.QuerySelector("blockquote")!;
        Assert.Equal(2, quote.QuerySelectorAll("p").Length);
        Assert.NotNull(quote.QuerySelector("p br"));
    }

    [Fact]
    public void Code_spans_and_blocks_keep_every_character()
    {
        var code = "if (a < b && c) {\n    print(`x` * 2);\n}\n```";
        var (_, page) = RoundTrip($"<p>Run <code>a `b` *c*</code> now.</p><pre><code>{System.Net.WebUtility.HtmlEncode(code)}</code></pre>");
        Assert.Equal("a `b` *c*", page.QuerySelector("p code")!.TextContent);
        Assert.Equal(code, page.QuerySelector("pre code")!.TextContent.TrimEnd('\n'));
    }

    [Fact]
    public void Tables_become_pipe_tables_with_their_header_and_cells()
    {
        var (_, page) = RoundTrip(
            "<table><caption>Turnout</caption><thead><tr><th>Ward</th><th>Votes | share</th></tr></thead>"
            + "<tbody><tr><td>North</td><td>1,204</td></tr><tr><td colspan=\"2\">Total<br>rest</td></tr></tbody></table>");
        var table = page.QuerySelector("table")!;
        Assert.Equal(["Ward", "Votes | share"], table.QuerySelectorAll("thead th").Select(c => c.TextContent));
        Assert.Equal(["North", "1,204", "Total rest", ""], table.QuerySelectorAll("tbody td").Select(c => c.TextContent));
        Assert.Contains("Turnout", page.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_with_a_caption_stays_a_figure_with_its_caption()
    {
        var (markdown, page) = RoundTrip("<figure class=\"aligncenter\"><img src=\"/media/ferry.webp\" alt=\"The ferry\"><figcaption>The ferry at <em>dawn</em>.</figcaption></figure>");
        Assert.StartsWith("^^^\n", markdown, StringComparison.Ordinal);
        var figure = page.QuerySelector("figure")!;
        Assert.Equal("The ferry", figure.QuerySelector("img")!.GetAttribute("alt"));
        Assert.Equal("The ferry at dawn.", figure.QuerySelector("figcaption")!.TextContent);
        Assert.Equal("dawn", figure.QuerySelector("figcaption em")!.TextContent);
    }

    [Fact]
    public void A_gallery_keeps_every_image_and_caption()
    {
        var (_, page) = RoundTrip("<figure class=\"gallery columns-2\"><figure><img src=\"/a.webp\" alt=\"A\"><figcaption>First</figcaption></figure>"
            + "<figure><img src=\"/b.webp\" alt=\"B\"></figure><figcaption>Both</figcaption></figure>");
        Assert.Equal(["A", "B"], page.QuerySelectorAll("img").Select(i => i.GetAttribute("alt")));
        Assert.Equal("First", page.QuerySelector("figcaption")!.TextContent);
        Assert.Contains("Both", page.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_and_line_breaks_survive()
    {
        var (_, page) = RoundTrip("<p>Line one<br>line two</p><hr><p>After</p>");
        Assert.NotNull(page.QuerySelector("p br"));
        Assert.Equal(["P", "HR", "P"], page.Children.Select(c => c.TagName));
    }

    [Fact]
    public void Text_that_looks_like_markdown_stays_text()
    {
        var text = "# not a heading, 1. not a list, *not emphasis*, [not](a link), a_b_c, x | y, ~~no~~ ==no== ++no++ &amp;copy; 2 + 2 = 4 <b>";
        var (_, page) = RoundTrip("<p>" + System.Net.WebUtility.HtmlEncode(text).Replace("&amp;amp;", "&amp;", StringComparison.Ordinal) + "</p><p>- not an item</p><p>&gt; not a quote</p>");
        Assert.Equal(["P", "P", "P"], page.Children.Select(c => c.TagName));
        Assert.Equal(text.Replace("&amp;", "&", StringComparison.Ordinal), page.Children[0].TextContent);
        Assert.Equal("- not an item", page.Children[1].TextContent);
        Assert.Equal("> not a quote", page.Children[2].TextContent);
        Assert.Empty(page.QuerySelectorAll("em, strong, a, del, mark, ins, h2, ol, ul, blockquote"));
    }

    [Fact]
    public void Unknown_elements_keep_their_text_and_unsafe_markup_is_gone()
    {
        var (markdown, page) = RoundTrip("<section><p>Kept <span class=\"x\">inside</span> <abbr title=\"Council\">CC</abbr></p><script>alert(1)</script></section><dl><dt>Term</dt><dd>Meaning</dd></dl>");
        Assert.DoesNotContain("alert", markdown, StringComparison.Ordinal);
        Assert.Equal("Kept inside CC", page.Children[0].TextContent);
        Assert.Contains("Term", page.TextContent, StringComparison.Ordinal);
        Assert.Contains("Meaning", page.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_and_video_become_links_to_their_files()
    {
        var (_, page) = RoundTrip("<audio src=\"/media/interview.mp3\"></audio>");
        Assert.Equal("/media/interview.mp3", page.QuerySelector("a")!.GetAttribute("href"));
    }

    /// <summary>The Markdown, and the body as the site renders it again.</summary>
    private static (string Markdown, IElement Page) RoundTrip(string html)
    {
        var markdown = HtmlToMarkdown.Convert(html);
        return (markdown, Html.Parse("<!DOCTYPE html><html><body>" + ArticleBody.ToHtml(markdown) + "</body></html>").Body!);
    }
}
