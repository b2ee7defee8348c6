using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Broadsheet.WordPressApi;

/// <summary>
/// Reads a collection's query parameters the way WordPress's schema does (integers, id lists as <c>1,2</c> or
/// <c>ids[]=1&amp;ids[]=2</c>, enums), collecting every refusal so the answer names each bad parameter.
/// </summary>
public sealed class WpQuery(IQueryCollection query)
{
    private readonly Dictionary<string, string> problems = new(StringComparer.Ordinal);

    public WpError? Error => problems.Count == 0 ? null : WpError.InvalidParams(problems);

    public bool Has(string name) => Values(name).Count > 0;

    public string? Text(string name)
    {
        var values = Values(name);
        return values.Count == 0 ? null : values[^1];
    }

    /// <summary>The escape character of the patterns <see cref="Search"/> makes.</summary>
    public const string LikeEscape = "\\";

    /// <summary>
    /// The search term as a lowercase LIKE pattern matching it anywhere (its own % and _ escaped); null when absent
    /// or blank. Compared with lowercased columns, which both databases translate.
    /// </summary>
    public string? Search()
    {
        if (Text("search")?.Trim() is not { Length: > 0 } term)
        {
            return null;
        }

        var escaped = term.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return $"%{escaped}%";
    }

    public int PerPage() => Number("per_page", 10, 1, 100);

    /// <summary>The page asked for; a number beyond every archive reads as <see cref="int.MaxValue"/>, which is past the end.</summary>
    public int Page() => Number("page", 1, 1, int.MaxValue);

    public int Offset() => Number("offset", 0, 0, int.MaxValue);

    public int Number(string name, int fallback, int minimum, int maximum)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            problems[name] = $"{name} is not of type integer.";
            return fallback;
        }

        if (value < minimum || (value > maximum && maximum != int.MaxValue))
        {
            problems[name] = maximum == int.MaxValue
                ? $"{name} must be greater than or equal to {minimum}"
                : $"{name} must be between {minimum} (inclusive) and {maximum} (inclusive)";
            return fallback;
        }

        return (int)Math.Min(value, int.MaxValue);
    }

    /// <summary>
    /// A date as WordPress reads <c>after</c> and <c>before</c>: ISO 8601, in the site's time zone unless it carries an
    /// offset; returned in UTC, null when absent.
    /// </summary>
    public DateTime? Date(string name, TimeZoneInfo zone)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        var styles = DateTimeStyles.AllowWhiteSpaces;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, styles | DateTimeStyles.RoundtripKind, out var parsed) && parsed.Year is > 1 and < 9999)
        {
            return parsed.Kind switch
            {
                DateTimeKind.Utc => parsed,
                DateTimeKind.Local => parsed.ToUniversalTime(),
                _ => zone.IsInvalidTime(parsed) ? TimeZoneInfo.ConvertTimeToUtc(parsed.AddHours(1), zone) : TimeZoneInfo.ConvertTimeToUtc(parsed, zone),
            };
        }

        problems[name] = "Invalid date.";
        return null;
    }

    /// <summary>Ids, or null when the parameter is absent. Ids too large for any row match nothing.</summary>
    public IReadOnlyList<int>? Ids(string name)
    {
        var values = Values(name);
        if (values.Count == 0)
        {
            return null;
        }

        var ids = new List<int>();
        var index = 0;
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                problems[name] = $"{name}[{index}] is not of type integer.";
                return null;
            }

            if (id <= int.MaxValue)
            {
                ids.Add((int)id);
            }
            else
            {
                // Keeps "no such row" from reading as "no filter".
                ids.Add(-1);
            }

            index++;
        }

        return ids;
    }

    /// <summary>Slugs (comma-separated or repeated), lowercased; null when absent.</summary>
    public IReadOnlyList<string>? Slugs(string name = "slug")
    {
        var values = Values(name);
        return values.Count == 0
            ? null
            : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Select(s => s.ToLowerInvariant())];
    }

    public bool Ascending(bool byDefault)
    {
        var text = Text("order");
        switch (text)
        {
            case null:
                return byDefault;
            case "asc":
                return true;
            case "desc":
                return false;
            default:
                problems["order"] = "order is not one of asc, desc.";
                return byDefault;
        }
    }

    public string OrderBy(string fallback, params string[] allowed)
    {
        var text = Text("orderby");
        if (text is null)
        {
            return fallback;
        }

        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            problems["orderby"] = $"orderby is not one of {string.Join(", ", allowed)}.";
            return fallback;
        }

        return text;
    }

    public bool? Boolean(string name)
    {
        var text = Text(name);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "1" or "true":
                return true;
            case "0" or "false" or "":
                return false;
            default:
                problems[name] = $"{name} is not of type boolean.";
                return null;
        }
    }

    /// <summary>
    /// The checks every collection shares: only the public "view" context, and only published items (terms and users,
    /// which have no status, pass null).
    /// </summary>
    public WpError? Forbidden(string? publicStatus = "publish")
    {
        if (Text("context") is { } context && context is not ("view" or "embed"))
        {
            return context == "edit" ? WpError.ForbiddenContext() : WpError.InvalidParams(new Dictionary<string, string> { ["context"] = "context is not one of view, embed, edit." });
        }

        var statuses = publicStatus is null ? null : Slugs("status");
        return statuses is not null && statuses.Any(s => s != publicStatus) ? WpError.ForbiddenStatus() : null;
    }

    private List<string> Values(string name)
    {
        var list = new List<string>();
        Add(list, query[name]);
        Add(list, query[name + "[]"]);
        return list;
    }

    private static void Add(List<string> list, StringValues values)
    {
        foreach (var value in values)
        {
            if (value is not null)
            {
                list.Add(value);
            }
        }
    }
}
