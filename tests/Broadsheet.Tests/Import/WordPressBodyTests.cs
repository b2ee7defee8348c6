using Broadsheet.Import;

namespace Broadsheet.Tests.Import;

/// <summary>WordPress bodies as our HTML: paragraphs, shortcodes, embeds and what the allow-list removes.</summary>
public sealed class WordPressBodyTests
{
    private static string Convert(string content)
    {
        var links = new ImportLinks();
        links.AddOldSite("https://old.example.com");
        return WordPressBody.Convert(content, links, new BodyNotes());
    }

    [Fact]
    public void Classic_text_gets_paragraphs_for_blank_lines_and_breaks_for_single_newlines_but_pre_is_left_alone()
    {
        var html = Convert("First line\nsecond line\n\nNext paragraph\n\n<pre>code\n\n  indented</pre>\n\n<ul>\n<li>one</li>\n</ul>");

        Assert.Equal("<p>First line<br>\nsecond line</p>\n<p>Next paragraph</p>\n<pre>code\n\n  indented</pre>\n<ul>\n<li>one</li>\n</ul>", html);
    }

    [Fact]
    public void Block_editor_comments_are_removed_and_its_markup_kept_without_extra_paragraphs()
    {
        var html = Convert("<!-- wp:paragraph -->\n<p>Hello <strong>world</strong></p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading {\"level\":1} -->\n<h1>Title</h1>\n<!-- /wp:heading -->");

        Assert.DoesNotContain("wp:", html, StringComparison.Ordinal);
        Assert.Contains("<p>Hello <strong>world</strong></p>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Title</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<p><p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeds_and_frames_become_plain_links_and_unknown_shortcodes_stay_as_text()
    {
        var html = Convert("[embed]https://www.youtube.com/watch?v=abc[/embed]\n\nhttps://vimeo.com/123\n\n<iframe src=\"https://maps.example.net/embed?x=1\" title=\"Map of the harbour\"></iframe>\n\n[contact-form-7 id=\"5\"]");

        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://www.youtube.com/watch?v=abc\" rel=\"nofollow noopener noreferrer\">https://www.youtube.com/watch?v=abc</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://vimeo.com/123\"", html, StringComparison.Ordinal);
        Assert.Contains(">Map of the harbour</a>", html, StringComparison.Ordinal);
        Assert.Contains("[contact-form-7 id=\"5\"]", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_and_video_from_elsewhere_become_links_and_scripts_styles_and_handlers_never_survive()
    {
        var html = Convert("[audio mp3=\"https://cdn.example.net/show.mp3\"][/audio]\n\n<p style=\"color:red\" onclick=\"alert(1)\">Hi<script>alert(2)</script></p><a href=\"javascript:alert(3)\">x</a>");

        Assert.Contains("<a href=\"https://cdn.example.net/show.mp3\" rel=\"nofollow noopener noreferrer\">Audio: show.mp3</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_to_the_old_site_become_local_and_its_unbrought_images_leave_only_their_alt_text()
    {
        var html = Convert("<a href=\"https://old.example.com/about/?x=1\">About</a> <img src=\"https://old.example.com/wp-content/uploads/a.jpg\" alt=\"A boat\"> <img src=\"https://old.example.com/b.jpg\">");

        Assert.Contains("<a href=\"/about/?x=1\"", html, StringComparison.Ordinal);
        Assert.Contains(">About</a> [A boat] </p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("old.example.com", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_becomes_plain_text_with_its_paragraphs_and_line_breaks()
    {
        Assert.Equal("Line one\nline two\n\nSecond & <b> literal", CommentPlainText.From("<p>Line one<br/>line two</p>\n<p>Second &amp; &lt;b&gt; literal</p>"));
    }
}
