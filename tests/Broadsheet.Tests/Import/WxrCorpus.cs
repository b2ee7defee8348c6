using System.Xml;
using System.Xml.Linq;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Import;

/// <summary>The shared WXR corpus (<c>shared/corpora/wxr/</c>, beside the repository) and what each file holds, read independently of the importer.</summary>
public static class WxrCorpus
{
    public const string RelativePath = "shared/corpora/wxr";

    /// <summary>Files that are not well-formed XML, or that WordPress's importer refuses (a version it cannot read).</summary>
    public static readonly IReadOnlySet<string> Refused = new HashSet<string> { "crazy-cdata.xml", "malformed.xml", "malformed-simple.xml", "invalid-version-tag.xml" };

    public static string Directory
    {
        get
        {
            var readme = RepositoryFiles.FindUpwards(Path.Combine(RelativePath, "SOURCES.md"));
            Assert.True(readme is not null, $"The WXR corpus is missing: no {RelativePath} in any folder above {AppContext.BaseDirectory} (it lives in shared/, beside the repository).");
            return Path.GetDirectoryName(readme)!;
        }
    }

    public static string File(string name) => Path.Combine(Directory, name);

    /// <summary>Every file name of the corpus, as theory data; a missing corpus yields one case that fails.</summary>
    public static TheoryData<string> Readable() => Names(refused: false);

    public static TheoryData<string> Unreadable() => Names(refused: true);

    private static TheoryData<string> Names(bool refused)
    {
        var readme = RepositoryFiles.FindUpwards(Path.Combine(RelativePath, "SOURCES.md"));
        var data = new TheoryData<string>();
        if (readme is null)
        {
            data.Add("(the corpus is missing)");
            return data;
        }

        foreach (var file in System.IO.Directory.GetFiles(Path.GetDirectoryName(readme)!, "*.xml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (Refused.Contains(file!) == refused)
            {
                data.Add(file!);
            }
        }

        return data;
    }

    /// <summary>What a file holds, counted with LINQ to XML over the whole document (fine for a test, never for the product).</summary>
    public sealed record Contents(
        int Posts, int Published, int Scheduled, int Drafts, int Pages, int Comments, int Pingbacks, IReadOnlyList<XElement> PostItems, IReadOnlyList<XElement> CommentElements);

    public static bool IsWordPress(XNamespace ns) =>
        System.Text.RegularExpressions.Regex.IsMatch(ns.NamespaceName, @"^https?://wordpress\.org/export/1\.[0-2]/$");

    public static string? Wp(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name && IsWordPress(e.Name.Namespace))?.Value.Trim();

    public static Contents Count(string path)
    {
        var document = XDocument.Load(path, LoadOptions.None);
        var items = document.Root!.Element("channel")!.Elements("item")
            .Where(i => int.TryParse(Wp(i, "post_id"), out _) && Wp(i, "status") is not ("trash" or "auto-draft" or "inherit"))
            .DistinctBy(i => Wp(i, "post_type") + Wp(i, "post_id"))
            .ToList();
        var posts = items.Where(i => Wp(i, "post_type") == "post").ToList();
        bool Protected(XElement i) => !string.IsNullOrEmpty(Wp(i, "post_password"));
        // A post scheduled for a time already past is published (as WordPress does when it notices a missed schedule).
        bool Ahead(XElement i) => !DateTime.TryParse(Wp(i, "post_date_gmt") is { Length: > 0 } gmt && !gmt.StartsWith("0000", StringComparison.Ordinal) ? gmt : Wp(i, "post_date"),
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at) || at > DateTime.UtcNow;
        var comments = posts.SelectMany(p => p.Elements().Where(e => e.Name.LocalName == "comment" && IsWordPress(e.Name.Namespace)))
            .Where(c => int.TryParse(Wp(c, "comment_id"), out _)).ToList();
        return new Contents(
            posts.Count,
            posts.Count(p => (Wp(p, "status") == "publish" || (Wp(p, "status") == "future" && !Ahead(p))) && !Protected(p)),
            posts.Count(p => Wp(p, "status") == "future" && Ahead(p) && !Protected(p)),
            posts.Count(p => Wp(p, "status") is not ("publish" or "future") || Protected(p)),
            items.Count(i => Wp(i, "post_type") == "page"),
            comments.Count(c => Wp(c, "comment_type") is not ("pingback" or "trackback")),
            comments.Count(c => Wp(c, "comment_type") is "pingback" or "trackback"),
            posts,
            comments);
    }

    /// <summary>Whether the file parses as XML at all (the importer must refuse those that do not).</summary>
    public static bool IsWellFormed(string path)
    {
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
