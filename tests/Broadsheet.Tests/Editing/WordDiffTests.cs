using Broadsheet.Editing;

namespace Broadsheet.Tests.Editing;

public sealed class WordDiffTests
{
    [Fact]
    public void Changed_words_are_marked_and_the_rest_kept() =>
        Assert.Equal("The council <del>approved </del><ins>rejected </ins>the budget.",
            WordDiff.ToHtml("The council approved the budget.", "The council rejected the budget."));

    [Fact]
    public void Added_and_removed_words_at_the_ends_are_shown() =>
        Assert.Equal("<del>Old </del>news <ins>today</ins>", WordDiff.ToHtml("Old news", "news today"));

    [Fact]
    public void Text_is_html_encoded_inside_and_outside_the_marks() =>
        Assert.Equal("a &lt;b&gt; <del>&amp;</del><ins>&quot;</ins>", WordDiff.ToHtml("a <b> &", "a <b> \""));

    [Fact]
    public void Identical_texts_have_no_marks() =>
        Assert.Equal("Same words.\n\nNew paragraph.", WordDiff.ToHtml("Same words.\n\nNew paragraph.", "Same words.\n\nNew paragraph."));
}
