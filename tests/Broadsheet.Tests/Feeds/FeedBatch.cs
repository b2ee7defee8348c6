using System.Diagnostics;
using System.Text.Json;

namespace Broadsheet.Tests.Feeds;

/// <summary>
/// Many feeds read by Python's feedparser (Debian's python3-feedparser) in one process, as a feed reader
/// would see them: the feed's title and, per entry, title, summary, authors and categories.
/// </summary>
public static class FeedBatch
{
    private const string Script = """
        import sys, json, feedparser
        out = []
        for path, content_type in zip(sys.argv[1::2], sys.argv[2::2]):
            try:
                d = feedparser.parse(open(path, 'rb').read(), response_headers={'content-type': content_type})
            except Exception as e:
                out.append({'bozo': 1, 'bozo_exception': 'feedparser crashed: ' + repr(e)[:300], 'version': '', 'title': None, 'title_type': None, 'entries': []})
                continue
            out.append({
                'bozo': int(d.bozo),
                'bozo_exception': str(d.get('bozo_exception', '')),
                'version': d.version,
                'title': d.feed.get('title'),
                'title_type': d.feed.get('title_detail', {}).get('type'),
                'entries': [{
                    'title': e.get('title'),
                    'title_type': e.get('title_detail', {}).get('type'),
                    'summary': e.get('summary'),
                    'summary_type': e.get('summary_detail', {}).get('type'),
                    'authors': [a.get('name') for a in e.get('authors', [])],
                    'tags': [t.get('term') for t in e.get('tags', [])],
                } for e in d.entries],
            })
        print(json.dumps(out))
        """;

    public static IReadOnlyList<JsonElement> Parse(IReadOnlyList<(byte[] Bytes, string ContentType)> feeds)
    {
        var folder = Directory.CreateTempSubdirectory("broadsheet-feeds-");
        try
        {
            // Debian's interpreter, explicitly: a python3 earlier on PATH may lack Debian's packages.
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            for (var i = 0; i < feeds.Count; i++)
            {
                var file = Path.Combine(folder.FullName, $"{i}.xml");
                File.WriteAllBytes(file, feeds[i].Bytes);
                start.ArgumentList.Add(file);
                start.ArgumentList.Add(feeds[i].ContentType);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"feedparser failed: {error.Result}");
            var results = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
            Assert.Equal(feeds.Count, results.Count);
            return results;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
