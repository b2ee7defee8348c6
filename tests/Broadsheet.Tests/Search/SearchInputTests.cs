using System.Net;
using System.Text;
using Broadsheet.Tests.Browser;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Search;

/// <summary>Any input is a search: hostile, malformed, huge or exotic text answers 200, logs nothing and is shown back encoded.</summary>
public abstract class SearchInputTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : SearchApp
{
    [Fact]
    public async Task Every_generated_query_answers_200_and_is_shown_back_encoded() => await CheckAllAsync(FuzzQueries.Generated());

    [Fact]
    public async Task Every_line_of_the_xss_corpus_answers_200_and_is_shown_back_encoded() => await CheckAllAsync(XssCorpus.Load());

    private async Task CheckAllAsync(IEnumerable<string> queries)
    {
        App.Exceptions.Clear();
        var checkedCount = 0;
        foreach (var query in queries)
        {
            foreach (var path in new[] { "/search?q=" + Uri.EscapeDataString(query), "/search?q=" + Uri.EscapeDataString(query) + "&section=city&from=2000-01-01&to=2100-01-01&page=2" })
            {
                using var response = await Client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Describe(query)} answered {(int)response.StatusCode}");
                var page = Html.Parse(body);
                if (!string.IsNullOrWhiteSpace(query))
                {
                    var shown = page.QuerySelector(".search-query");
                    Assert.True(shown is not null, $"{Describe(query)}: the page does not show the query.");
                    Assert.Empty(shown!.Children);
                    if (query.All(c => !char.IsControl(c) && !char.IsSurrogate(c) && c != '\uFFFF' && c != '\uFFFE' && c != '\uFEFF'))
                    {
                        Assert.Equal(query, shown.TextContent);
                    }
                }

                if (query.Contains('<', StringComparison.Ordinal) && query.Length > 1)
                {
                    Assert.DoesNotContain(query, body, StringComparison.Ordinal);
                }

                Assert.Empty(page.QuerySelectorAll("main script, main iframe, main object, main embed, main svg, main img[onerror]"));
            }

            checkedCount++;
        }

        Assert.True(checkedCount > 50, $"Only {checkedCount} queries were checked.");
        Assert.True(App.Exceptions.Entries.Count == 0, "The app logged exceptions:\n" + string.Join("\n", App.Exceptions.Entries.Take(5)));
    }

    private static string Describe(string query)
    {
        var shown = query.Length > 60 ? query[..60] + "…" : query;
        var escaped = new StringBuilder();
        foreach (var c in shown)
        {
            escaped.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return $"q=\"{escaped}\" ({query.Length} chars)";
    }
}

public sealed class SqliteSearchInputTests(SearchApp app) : SearchInputTests<SearchApp>(app), IClassFixture<SearchApp>;

public sealed class PostgresSearchInputTests(PostgresSearchApp app) : SearchInputTests<PostgresSearchApp>(app), IClassFixture<PostgresSearchApp>;

/// <summary>The generated half of the fuzz list.</summary>
public static class FuzzQueries
{
    /// <summary>What search engines' syntax, SQL and Unicode make of a query box.</summary>
    public static IEnumerable<string> Generated()
    {
        string[] operators = ["\"", "\"\"", "\"unclosed phrase", "*", "**", "a*", "*a", "NEAR(", "NEAR(a b)", "NEAR(\"a\" \"b\", 2)", "-", "--", "-a", "- a", "a -", "-\"a b\"",
            "OR", "AND", "NOT", "a OR", "OR a", "a OR OR b", "a AND NOT b", "NOT a", "^", "^a", "a^2", ":", "a:b", "Headline:city", "{Headline Body}: a", "(", ")", "()", "(a", "a)", "((a OR b) NOT c)",
            "+", "+a", "a + b", "!", "!a", "&", "|", "a & b | !c", "<->", "a <-> b", "a:*", "'", "''", "'a'", "\\", "\\\"", ",", ".", "...", "…", "%", "_", "%_%"];
        string[] sqlish = ["' OR 1=1 --", "\"; DROP TABLE \"Articles\"; --", "1; SELECT pg_sleep(1)", "a' UNION SELECT * FROM \"AspNetUsers\" --", "$1", "@q", "?", "{0}", "%s", "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\t\r\n", "\u007f"];
        string[] unicode = ["مدينة الأخبار", "\u202Eevil\u202C", "\u200F\u200E", "城市新闻", "東京", "😀", "👩‍👩‍👧‍👦 family", "🇫🇷", "e\u0301", "\u0301\u0301\u0301", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̔ͮ̇͐̇̍", "ﬁ ligature", "ß ẞ", "İstanbul ı", "\uE000mark\uE001", "\uFFFF\uFFFE", "\uFEFF", "\u00A0\u2003\u3000", "Ελληνικά", "кириллица"];
        foreach (var value in operators.Concat(sqlish).Concat(unicode))
        {
            yield return value;
        }

        yield return new string('a', 10_000);
        yield return string.Concat(Enumerable.Repeat("word ", 2_000));
        yield return string.Concat(Enumerable.Repeat("\"a\" OR ", 1_000));
        yield return string.Concat(Enumerable.Repeat("😀", 1_000));
        yield return string.Concat(Enumerable.Repeat("(", 5_000));
    }
}
