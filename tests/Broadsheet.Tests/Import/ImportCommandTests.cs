using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Import;

/// <summary><c>import wordpress</c> run as the real program, as an operator runs it from a shell.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-import-cli-").FullName;

    private Dictionary<string, string> Settings => new()
    {
        ["Broadsheet:DataDir"] = dataDir,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    [Fact]
    public async Task Import_prints_its_summary_options_go_before_or_after_the_file_and_a_dry_run_writes_nothing()
    {
        var file = WxrCorpus.File("small-export.xml");

        var dry = await AppProcess.RunCommandAsync(Settings, "", "import", "wordpress", "--dry-run", file);
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.Contains("nothing was written", dry.Output, StringComparison.Ordinal);
        Assert.Matches(@"Articles\s*│\s*6\s*│", dry.Output);

        var real = await AppProcess.RunCommandAsync(Settings, "", "import", "wordpress", file, "--create-accounts");
        Assert.True(real.ExitCode == 0, real.Error);
        Assert.Matches(@"Articles\s*│\s*6\s*│", real.Output);
        Assert.Matches(@"Static pages\s*│\s*5\s*│", real.Output);
        Assert.Contains("private in WordPress: imported as a draft", real.Output, StringComparison.Ordinal);
        Assert.Contains("/newsroom/reset-password?user=", real.Output, StringComparison.Ordinal);

        var again = await AppProcess.RunCommandAsync(Settings, "", "import", "wordpress", file);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Matches(@"Articles\s*│\s*0\s*│\s*6\s*│", again.Output);
    }

    [Fact]
    public async Task A_broken_file_exits_with_its_line_and_column_and_no_stack_trace()
    {
        var result = await AppProcess.RunCommandAsync(Settings, "", "import", "wordpress", WxrCorpus.File("malformed-simple.xml"));

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"malformed-simple\.xml is not well-formed XML: line \d+, column \d+", result.Error);
        Assert.Contains("Nothing was imported.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_site_shows_the_imported_articles_on_its_cached_front_page()
    {
        await using var site = await AppProcess.StartAsync(Settings);
        using var client = new HttpClient { BaseAddress = site.BaseAddress };
        var before = await client.GetStringAsync("/");
        Assert.DoesNotContain("Freshly moved story", before, StringComparison.Ordinal);
        var now = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var file = new WxrBuilder().Post(1, "Freshly moved story", "Words.", slug: "freshly-moved", date: now, gmt: now).Save();

        var result = await AppProcess.RunCommandAsync(Settings, "", "import", "wordpress", file);
        Assert.True(result.ExitCode == 0, result.Error);

        // The site's watcher notices the import within its interval (5 s) and evicts its cached pages.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string page;
        do
        {
            await Task.Delay(500);
            page = await client.GetStringAsync("/");
        }
        while (!page.Contains("Freshly moved story", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains("Freshly moved story", page, StringComparison.Ordinal);
        Assert.Empty(site.Errors);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temporary folder.
        }
    }
}
