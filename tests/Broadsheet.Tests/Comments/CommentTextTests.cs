using Broadsheet.Comments;

namespace Broadsheet.Tests.Comments;

public sealed class CommentTextTests
{
    [Fact]
    public void Paragraphs_and_line_breaks_are_kept()
    {
        Assert.Equal("<p>One<br>two</p><p>Three</p>", CommentText.ToHtml("One\ntwo\n\nThree"));
    }

    [Fact]
    public void Html_is_encoded()
    {
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", CommentText.ToHtml("<script>alert(1)</script>"));
    }

    [Fact]
    public void Urls_become_nofollow_links_without_trailing_punctuation()
    {
        Assert.Equal(
            "<p>See <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">https://example.org/a?b=1&amp;c=2</a>.</p>",
            CommentText.ToHtml("See https://example.org/a?b=1&c=2."));
    }

    [Fact]
    public void A_single_line_without_an_address_is_encoded_whole()
    {
        Assert.Equal("<p>Tom &amp; Jerry&#39;s &quot;cut&quot; &lt;b&gt;</p>", CommentText.ToHtml("  Tom & Jerry's \"cut\" <b>\r\n"));
    }

    [Fact]
    public void An_address_in_capitals_on_a_single_line_is_still_a_link()
    {
        Assert.Equal(
            "<p>Read <a href=\"HTTPS://Example.org/Report\" rel=\"nofollow ugc noopener\">HTTPS://Example.org/Report</a></p>",
            CommentText.ToHtml("Read HTTPS://Example.org/Report"));
    }

    [Fact]
    public void A_line_break_keeps_the_lines_apart_and_links_the_line_that_holds_an_address()
    {
        Assert.Equal(
            "<p>First &amp; plain<br>then <a href=\"http://example.org\" rel=\"nofollow ugc noopener\">http://example.org</a></p>",
            CommentText.ToHtml("First & plain\r\nthen http://example.org"));
    }

    [Fact]
    public void Blank_text_makes_no_paragraph()
    {
        Assert.Equal("", CommentText.ToHtml(" \r\n\t "));
    }

    [Fact]
    public void A_url_cannot_break_out_of_its_attribute()
    {
        var html = CommentText.ToHtml("http://x.example/\"onmouseover=alert(1)");
        Assert.DoesNotContain("\"onmouseover", html, StringComparison.Ordinal);
    }
}
