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
    public void A_url_cannot_break_out_of_its_attribute()
    {
        var html = CommentText.ToHtml("http://x.example/\"onmouseover=alert(1)");
        Assert.DoesNotContain("\"onmouseover", html, StringComparison.Ordinal);
    }
}
