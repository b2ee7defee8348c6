using Broadsheet.Articles;

namespace Broadsheet.Tests.Articles;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("Council's 2025 Budget!", "councils-2025-budget")]
    [InlineData("  Café   opens — at last ", "cafe-opens-at-last")]
    [InlineData("Ünïcödé Straße", "unicode-strasse")]
    [InlineData("---", "")]
    public void Slug_is_lowercase_ascii_with_single_hyphens(string text, string expected) =>
        Assert.Equal(expected, Slugs.From(text));

    [Fact]
    public void Slug_is_at_most_80_characters_and_never_ends_with_a_hyphen()
    {
        var slug = Slugs.From(string.Join(' ', Enumerable.Repeat("word", 40)));
        Assert.True(slug.Length <= 80);
        Assert.False(slug.EndsWith('-'));
    }
}
