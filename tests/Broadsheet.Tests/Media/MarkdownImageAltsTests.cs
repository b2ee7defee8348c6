using Broadsheet.Media;

namespace Broadsheet.Tests.Media;

public sealed class MarkdownImageAltsTests
{
    private const string Stem = "2026/11/3f2a9c";

    [Fact]
    public void An_image_whose_alt_text_is_still_the_librarys_takes_the_new_one()
    {
        var markdown = $"Before.\n\n![Old text](/media/{Stem}.jpg \"A title\")\n\nMiddle ![Old text](/media/{Stem}-480.webp) after.";
        Assert.Equal(
            $"Before.\n\n![New text](/media/{Stem}.jpg \"A title\")\n\nMiddle ![New text](/media/{Stem}-480.webp) after.",
            MarkdownImageAlts.Replace(markdown, Stem, "Old text", "New text"));
    }

    [Fact]
    public void A_decorative_image_with_an_empty_alt_text_stays_decorative()
    {
        var markdown = $"![](/media/{Stem}.jpg) and ![Old text](/media/{Stem}-480.webp)";
        Assert.Equal($"![](/media/{Stem}.jpg) and ![New text](/media/{Stem}-480.webp)", MarkdownImageAlts.Replace(markdown, Stem, "Old text", "New text"));
        // Nor does an image whose library entry had no alt text take the first one given.
        var plain = $"![](/media/{Stem}.jpg)";
        Assert.Same(plain, MarkdownImageAlts.Replace(plain, Stem, null, "New text"));
    }

    [Fact]
    public void An_alt_text_written_for_the_article_and_other_images_stay_as_they_are()
    {
        var markdown = $"![Written for this story](/media/{Stem}.jpg) ![Old text](/media/2026/11/other.jpg)";
        Assert.Same(markdown, MarkdownImageAlts.Replace(markdown, Stem, "Old text", "New text"));
    }

    [Fact]
    public void Brackets_and_backslashes_in_alt_text_are_escaped_both_ways()
    {
        var markdown = $@"![The \[old\] pier](/media/{Stem}.jpg)";
        Assert.Equal($@"![A \[new\] pier \\ rebuilt](/media/{Stem}.jpg)", MarkdownImageAlts.Replace(markdown, Stem, "The [old] pier", "A [new] pier \\ rebuilt"));
    }
}
