using Broadsheet.Search;

namespace Broadsheet.Tests.Search;

public sealed class QueryTermsTests
{
    private static string Fts(string input) => QueryTerms.ToFts5(QueryTerms.Parse(new SearchQuery(input).Normalized));

    [Theory]
    [InlineData("city council", "\"city\" AND \"council\"")]
    [InlineData("\"city council\" budget", "\"city council\" AND \"budget\"")]
    [InlineData("city -council", "(\"city\") NOT \"council\"")]
    [InlineData("-council", "\"council\"")]
    [InlineData("city OR town hall", "(\"city\" OR \"town\") AND \"hall\"")]
    [InlineData("OR city", "\"city\"")]
    [InlineData("counc*", "\"counc\" *")]
    [InlineData("NEAR(a b)", "\"NEAR(a\" AND \"b)\"")]
    [InlineData("say \"\"hi", "\"say\" AND \"hi\"")]
    [InlineData("a\"b", "\"a\" AND \"b\"")]
    [InlineData("* - OR ^ : ( )", "")]
    [InlineData("", "")]
    public void Reader_syntax_becomes_quoted_fts5_terms(string input, string expected) => Assert.Equal(expected, Fts(input));

    [Fact]
    public void Control_characters_separate_words_and_highlight_markers_are_dropped()
    {
        Assert.Equal("\"it's\"", Fts("it's"));
        Assert.Equal("\"a\" AND \"b\"", Fts("a\u0000b"));
        Assert.Equal("\"ab\"", Fts("a\uE000b"));
    }

    [Fact]
    public void A_query_keeps_at_most_32_terms_and_500_characters()
    {
        Assert.Equal(SearchQuery.MaxTerms, QueryTerms.Parse(string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}"))).Count);
        Assert.Equal(SearchQuery.MaxLength, new SearchQuery(new string('a', 10_000)).Normalized.Length);
    }

    [Fact]
    public void Highlights_are_encoded_before_the_markers_become_mark_elements()
    {
        Assert.Equal("&lt;b&gt; <mark>city</mark> &amp;", SearchHighlight.ToHtml("<b> \uE000city\uE001 &"));
        Assert.Equal("<mark>open</mark>", SearchHighlight.ToHtml("\uE000open"));
        Assert.Equal("stray", SearchHighlight.ToHtml("\uE001stray"));
    }
}
