using System.Globalization;
using System.Text.RegularExpressions;

namespace Broadsheet.Demo;

/// <summary>
/// Reads the demo articles: Markdown files in <c>Demo/Articles/</c>, embedded in the assembly and seeded in
/// the order of their names. Each starts with front matter between two <c>---</c> lines, one
/// <c>key: value</c> a line, then the body:
/// <code>
/// ---
/// headline: Offshore wind farm expansion gets the go-ahead
/// slug: offshore-wind-farm-expansion-gets-the-go-ahead
/// standfirst: Forty-two new turbines …
/// section: environment
/// tags: Energy, Port
/// authors: rafael-quenby
/// published: 3 days ago at 15:00
/// image: wind-turbines.svg
/// image-alt: …
/// image-caption: …
/// image-credit: Illustration: Broadsheet demo
/// image-size: 1200x675
/// comments:
///   - Ingrid (30 min): Great news for the port.
///     - Thaddeus (55 min): A reply, two spaces further in.
/// ---
/// </code>
/// <c>published</c> counts days back from the day the site is seeded, at a local hour; a comment's minutes
/// count from publication. <c>image</c> and <c>comments</c> are optional.
/// </summary>
internal static partial class DemoArticles
{
    private const string ResourcePrefix = "demo/articles/";

    public static IReadOnlyList<DemoArticle> Load()
    {
        var assembly = typeof(DemoArticles).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return Parse(name, reader.ReadToEnd());
            })
            .ToList();
    }

    /// <exception cref="FormatException">The file does not follow the format above; the message says where.</exception>
    public static DemoArticle Parse(string name, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var end = Array.IndexOf(lines, "---", 1);
        if (lines[0] != "---" || end < 0)
        {
            throw new FormatException($"{name}: the front matter must stand between two lines of ---.");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var comments = new List<DemoComment>();
        var inComments = false;
        for (var i = 1; i < end; i++)
        {
            var line = lines[i];
            if (inComments && line.StartsWith("  ", StringComparison.Ordinal))
            {
                AddComment(comments, line, name);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"{name}: expected \"key: value\" but found \"{line}\".");
            }

            var key = line[..colon].Trim();
            inComments = key == "comments";
            if (!inComments)
            {
                fields[key] = line[(colon + 1)..].Trim();
            }
        }

        string Field(string key) => fields.TryGetValue(key, out var value) ? value : throw new FormatException($"{name}: \"{key}:\" is missing.");
        var published = PublishedPattern().Match(Field("published"));
        if (!published.Success)
        {
            throw new FormatException($"{name}: \"published:\" must read like \"3 days ago at 15:00\".");
        }

        DemoImage? image = null;
        if (fields.TryGetValue("image", out var fileName))
        {
            var size = Field("image-size").Split('x');
            image = new DemoImage(fileName, Field("image-alt"), Field("image-caption"), Field("image-credit"), Number(size[0]), Number(size[1]));
        }

        return new DemoArticle(
            Field("slug"), Field("headline"), Field("standfirst"), Field("section"), List(Field("authors")), List(Field("tags")),
            Number(published.Groups["days"].Value), Number(published.Groups["hour"].Value),
            string.Join('\n', lines[(end + 1)..]).Trim(), image, [.. comments]);
    }

    /// <summary>A comment line: two spaces for each level of nesting, then <c>- Name (N min): text</c>.</summary>
    private static void AddComment(List<DemoComment> threads, string line, string name)
    {
        var match = CommentPattern().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"{name}: a comment reads \"  - Name (30 min): text\", not \"{line}\".");
        }

        var depth = (match.Groups["indent"].Length / 2) - 1;
        var comment = new DemoComment(match.Groups["name"].Value, match.Groups["body"].Value, Number(match.Groups["minutes"].Value), []);
        var level = threads;
        for (var d = 0; d < depth; d++)
        {
            if (level.Count == 0)
            {
                throw new FormatException($"{name}: the reply \"{line.Trim()}\" has no comment above it to answer.");
            }

            level = level[^1].Replies;
        }

        level.Add(comment);
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static int Number(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<days>\d+) days? ago at (?<hour>\d{1,2}):00$", RegexOptions.CultureInvariant)]
    private static partial Regex PublishedPattern();

    [GeneratedRegex(@"^(?<indent>(?:  )+)- (?<name>.+?) \((?<minutes>\d+) min\): (?<body>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CommentPattern();
}
