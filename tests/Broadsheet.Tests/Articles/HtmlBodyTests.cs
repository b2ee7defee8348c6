using AngleSharp.Dom;
using Broadsheet.Articles;
using Broadsheet.Tests.Browser;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

public sealed class HtmlBodyTests
{
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
        "textarea", "select", "option", "link", "meta", "base", "svg", "math", "template", "noscript", "portal", "h1",
    };

    private static readonly string[] UrlAttributes = ["href", "src", "cite", "action", "formaction", "poster", "background", "data", "xlink:href", "ping"];

    [Fact]
    public void No_corpus_payload_leaves_script_an_event_handler_a_style_or_an_unsafe_address()
    {
        var problems = new List<string>();
        foreach (var payload in XssCorpus.Load())
        {
            var clean = HtmlBody.Sanitize(payload);
            // Inside the page's own element, as the article page puts it: nothing may escape it.
            var document = Html.Parse("<!DOCTYPE html><html><body><div class=\"body\">" + clean + "</div><p id=\"after\">after</p></body></html>");
            var container = document.QuerySelector("div.body")!;
            if (document.Body!.Children.Length != 2 || document.QuerySelector("#after")?.ParentElement != document.Body)
            {
                problems.Add($"{payload}: the output breaks out of its container");
            }

            foreach (var element in container.QuerySelectorAll("*"))
            {
                if (Forbidden.Contains(element.LocalName))
                {
                    problems.Add($"{payload}: a <{element.LocalName}> survived");
                }

                foreach (var attribute in element.Attributes)
                {
                    if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || attribute.Name is "style" or "srcdoc" or "target" or "formaction")
                    {
                        problems.Add($"{payload}: attribute {attribute.Name} survived");
                    }
                }

                foreach (var url in Urls(element))
                {
                    if (!IsSafe(url))
                    {
                        problems.Add($"{payload}: unsafe address {url}");
                    }
                }

                if (element.LocalName is "img" or "audio" or "video" or "source" or "track" && Urls(element).Any(HtmlBody.IsOffSite))
                {
                    problems.Add($"{payload}: <{element.LocalName}> loads from another host");
                }
            }

            if (HtmlBody.Sanitize(clean) != clean)
            {
                problems.Add($"{payload}: sanitizing again changes the output");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(30)));
    }

    private static IEnumerable<string> Urls(IElement element)
    {
        foreach (var name in UrlAttributes)
        {
            if (element.GetAttribute(name) is { } value)
            {
                yield return value;
            }
        }

        if (element.GetAttribute("srcset") is { } srcset)
        {
            foreach (var candidate in srcset.Split(','))
            {
                yield return candidate.Trim().Split(' ', 2)[0];
            }
        }
    }

    /// <summary>As a browser reads it: control characters and white space inside a scheme do not count.</summary>
    private static bool IsSafe(string url)
    {
        var squeezed = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = squeezed.IndexOf(':', StringComparison.Ordinal);
        var slash = squeezed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true;
        }

        var scheme = squeezed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }

    [Fact]
    public void A_level_one_heading_becomes_h2_because_the_headline_is_the_only_h1()
    {
        var body = Parse("<h1 class=\"x\">Inside</h1><p>Text</p>");
        Assert.Null(body.QuerySelector("h1"));
        Assert.Equal("Inside", body.QuerySelector("h2")!.TextContent);
    }

    [Fact]
    public void Ids_get_a_prefix_so_they_cannot_clash_with_the_page_and_footnote_links_follow()
    {
        var body = Parse("<p>See note<a href=\"#fn1\">1</a>.</p><p id=\"comments\">Not the comments</p><ol><li id=\"fn1\">The note.</li></ol><p id=\"fn1\">Twice</p>");
        Assert.Equal(["body-comments", "body-fn1"], body.QuerySelectorAll("[id]").Select(e => e.Id!));
        Assert.Equal("#body-fn1", body.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Links_off_the_site_get_nofollow_noopener_noreferrer_and_links_on_it_do_not()
    {
        var body = Parse("<p><a href=\"https://example.org/a\" rel=\"author\" target=\"_blank\">out</a> <a href=\"/2024/04/24/story\">in</a> <a href=\"javascript:alert(1)\">bad</a></p>");
        var links = body.QuerySelectorAll("a").ToList();
        Assert.Equal("nofollow noopener noreferrer", links[0].GetAttribute("rel"));
        Assert.False(links[0].HasAttribute("target"));
        Assert.False(links[1].HasAttribute("rel"));
        Assert.False(links[2].HasAttribute("href"));
        Assert.Equal("bad", links[2].TextContent);
    }

    [Fact]
    public void Images_load_lazily_keep_their_size_and_lose_unsafe_or_off_site_srcset_candidates()
    {
        var body = Parse("<img src=\"/media/a.webp\" width=\"800\" height=\"600\" alt=\"Harbour\" srcset=\"/media/a-400.webp 400w, javascript:alert(1) 800w\" style=\"float:left\">"
            + "<img src=\"/media/b.webp\" srcset=\"/media/b-400.webp 400w, https://old.example/b.jpg 800w\">");
        var images = body.QuerySelectorAll("img").ToList();
        Assert.Equal(["lazy", "800", "600", "Harbour"], new[] { "loading", "width", "height", "alt" }.Select(a => images[0].GetAttribute(a)));
        Assert.Equal("/media/a-400.webp 400w", images[0].GetAttribute("srcset"));
        Assert.False(images[0].HasAttribute("style"));
        Assert.False(images[1].HasAttribute("srcset"));
        Assert.Equal("", images[1].GetAttribute("alt"));
    }

    [Fact]
    public void An_image_or_player_on_another_host_becomes_a_link_so_the_page_fetches_nothing_from_it()
    {
        var body = Parse("<p><img src=\"https://old.example/wp-content/uploads/x.jpg\" alt=\"The old pier\"></p><video src=\"//cdn.example/v.mp4\"></video>");
        Assert.Empty(body.QuerySelectorAll("img, video"));
        var links = body.QuerySelectorAll("a").ToList();
        Assert.Equal(("https://old.example/wp-content/uploads/x.jpg", "The old pier"), (links[0].GetAttribute("href"), links[0].TextContent));
        Assert.Equal("Watch the video on cdn.example", links[1].TextContent);
    }

    [Fact]
    public void Players_always_show_controls_and_never_preload_the_whole_file()
    {
        var player = Parse("<audio src=\"/media/a.mp3\" autoplay preload=\"auto\"></audio>").QuerySelector("audio")!;
        Assert.True(player.HasAttribute("controls"));
        Assert.False(player.HasAttribute("autoplay"));
        Assert.Equal("metadata", player.GetAttribute("preload"));
    }

    [Fact]
    public void Only_the_classes_the_stylesheet_knows_are_kept()
    {
        var body = Parse("<figure class=\"wp-block-image aligncenter size-large\"><img src=\"/a.webp\" alt=\"\"></figure><div class=\"gallery columns-3 evil\"></div>");
        Assert.Equal("aligncenter", body.QuerySelector("figure")!.ClassName);
        Assert.Equal("gallery columns-3", body.QuerySelector("div")!.ClassName);
    }

    [Fact]
    public void A_table_sits_in_a_box_that_scrolls_on_a_phone_and_takes_keyboard_focus()
    {
        var body = Parse("<table><caption>Results</caption><tr><td>1</td></tr></table>");
        var box = body.QuerySelector("div.table-scroll")!;
        Assert.Equal(("0", "group", "Results"), (box.GetAttribute("tabindex"), box.GetAttribute("role"), box.GetAttribute("aria-label")));
        Assert.Equal("table", box.Children.Single().LocalName);
    }

    [Fact]
    public void Sanitizing_a_clean_body_again_changes_nothing()
    {
        var once = HtmlBody.Sanitize("<h1 id=\"a\">T</h1><p><a href=\"#a\">up</a> <a href=\"https://example.org\">out</a></p><table><tr><td>1</td></tr></table><img src=\"/a.webp\" alt=\"\">");
        Assert.Equal(once, HtmlBody.Sanitize(once));
    }

    [Fact]
    public void The_excerpt_of_an_html_body_is_the_text_of_its_first_paragraph()
    {
        var html = "<figure><img src=\"/a.webp\" alt=\"x\"><figcaption>Caption</figcaption></figure><p>  </p><p>The <em>council</em> met\n on Tuesday &amp; agreed.</p><p>Second.</p>";
        Assert.Equal("The council met on Tuesday & agreed.", ArticleBody.Excerpt(html, BodyFormat.Html));
        Assert.Equal("Only text", ArticleBody.Excerpt("<div>Only <b>text</b></div>", BodyFormat.Html));
        Assert.Equal("Markdown *stays*", ArticleBody.Excerpt("Markdown \\*stays\\*", BodyFormat.Markdown));
    }

    private static IElement Parse(string html) =>
        Html.Parse("<!DOCTYPE html><html><body>" + HtmlBody.Sanitize(html) + "</body></html>").Body!;

    [Fact]
    public void Markup_screen_readers_cannot_follow_is_mended_and_a_second_pass_changes_nothing()
    {
        var html = HtmlBody.Sanitize(
            "<div><li>Loose item</li></div>"
            + "<dl class=\"wp-caption\"><dt><img src=\"/media/a.jpg\" alt=\"A crane\"></dt><p>Caption</p></dl>"
            + "<dl><dt>Term</dt><dd>Meaning</dd></dl>"
            + "<p><a href=\"https://example.org/x\"></a></p>");
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

        Assert.All(document.QuerySelectorAll("li"), li => Assert.Contains(li.ParentElement!.LocalName, new[] { "ul", "ol" }));
        var lists = document.QuerySelectorAll("dl");
        var list = Assert.Single(lists);
        Assert.Equal(["dt", "dd"], list.Children.Select(c => c.LocalName));
        Assert.NotNull(document.QuerySelector("img[alt='A crane']"));
        Assert.Equal("https://example.org/x", document.QuerySelector("a")!.TextContent);
        Assert.Equal(html, HtmlBody.Sanitize(html));
    }
}
