using System.Text;

namespace Broadsheet.Search;

/// <summary>
/// What a reader (or an API client) asked for. Any text is a valid query; filters narrow it. Dates are UTC bounds
/// [<see cref="FromUtc"/>, <see cref="ToUtc"/>).
/// </summary>
public sealed record SearchQuery(string? Text, string? SectionSlug = null, DateTime? FromUtc = null, DateTime? ToUtc = null, int Page = 1, int PageSize = 10)
{
    /// <summary>Longer input is cut here: nobody types more, and the database's work stays bounded.</summary>
    public const int MaxLength = 500;

    /// <summary>More words than this are ignored.</summary>
    public const int MaxTerms = 32;

    /// <summary>The text as it is searched for: cleaned (<see cref="SearchText.Clean"/>) and cut to <see cref="MaxLength"/>.</summary>
    public string Normalized => SearchText.Clean(Text, MaxLength);

    public bool IsEmpty => Normalized.Length == 0;
}

/// <summary>One word or quoted phrase of a query; <see cref="Or"/> when the reader wrote OR before it.</summary>
public sealed record QueryTerm(string Text, bool Phrase, bool Negated, bool Prefix, bool Or);

/// <summary>
/// Reads a reader's query the way web search engines do: words, "quoted phrases", a leading minus to exclude,
/// OR between alternatives, a trailing * for a prefix. Nothing here can fail: unknown syntax is just words.
/// </summary>
public static class QueryTerms
{
    public static IReadOnlyList<QueryTerm> Parse(string normalized)
    {
        var terms = new List<QueryTerm>();
        var or = false;
        var i = 0;
        while (i < normalized.Length && terms.Count < SearchQuery.MaxTerms)
        {
            if (char.IsWhiteSpace(normalized[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (normalized[i] == '-' && i + 1 < normalized.Length && !char.IsWhiteSpace(normalized[i + 1]))
            {
                negated = true;
                i++;
            }

            string text;
            var phrase = false;
            if (normalized[i] == '"')
            {
                var end = normalized.IndexOf('"', i + 1);
                end = end < 0 ? normalized.Length : end;
                text = normalized[(i + 1)..end];
                phrase = true;
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < normalized.Length && !char.IsWhiteSpace(normalized[end]) && normalized[end] != '"')
                {
                    end++;
                }

                text = normalized[i..end];
                i = end;
            }

            if (!phrase && !negated && text == "OR")
            {
                or = terms.Count > 0;
                continue;
            }

            var prefix = !phrase && text.EndsWith('*') && Words(text) >= 1;
            if (!HasWordCharacter(text))
            {
                continue;
            }

            terms.Add(new QueryTerm(text.TrimEnd('*'), phrase, negated, prefix, or && !negated));
            or = false;
        }

        // A query of exclusions only excludes from nothing: read its words as wanted instead.
        if (terms.Count > 0 && terms.All(t => t.Negated))
        {
            terms = [.. terms.Select(t => t with { Negated = false })];
        }

        return terms;
    }

    /// <summary>The query for SQLite's FTS5: every term a quoted FTS5 string, so no input is ever read as FTS5 syntax.</summary>
    public static string ToFts5(IReadOnlyList<QueryTerm> terms)
    {
        var groups = new List<List<string>>();
        foreach (var term in terms.Where(t => !t.Negated))
        {
            var quoted = Quote(term);
            if (term.Or && groups.Count > 0)
            {
                groups[^1].Add(quoted);
            }
            else
            {
                groups.Add([quoted]);
            }
        }

        var expression = new StringBuilder();
        foreach (var group in groups)
        {
            if (expression.Length > 0)
            {
                expression.Append(" AND ");
            }

            expression.Append(group.Count == 1 ? group[0] : $"({string.Join(" OR ", group)})");
        }

        if (expression.Length == 0)
        {
            return "";
        }

        var excluded = terms.Where(t => t.Negated).Select(Quote).ToList();
        return excluded.Count == 0 ? expression.ToString() : $"({expression}) NOT " + string.Join(" NOT ", excluded);
    }

    private static string Quote(QueryTerm term) =>
        "\"" + term.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (term.Prefix ? " *" : "");

    private static int Words(string text) => text.Count(char.IsLetterOrDigit);

    /// <summary>Whether the tokenizer will find a word in it; a term of punctuation or symbols alone would match nothing.</summary>
    private static bool HasWordCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetterOrDigit(text, i))
            {
                return true;
            }
        }

        return false;
    }
}
