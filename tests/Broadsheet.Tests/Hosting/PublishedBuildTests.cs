using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Hosting;

/// <summary>The output of <c>dotnet publish</c>, made once for the class from the build the tests run against.</summary>
public sealed class PublishedBuild : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("broadsheet-published-").FullName;

    public string Program => Path.Combine(Folder, "Broadsheet.dll");

    public async Task InitializeAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var arg in new[] { "publish", Path.Combine("src", "Broadsheet", "Broadsheet.csproj"), "-c", configuration, "--no-build", "-o", Folder })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await output}\n{await error}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The published build started the way a service manager or a container starts it: from another working
/// directory, with no content root given.
/// </summary>
public sealed partial class PublishedBuildTests(PublishedBuild build) : IClassFixture<PublishedBuild>, IDisposable
{
    private readonly string elsewhere = Directory.CreateTempSubdirectory("broadsheet-elsewhere-").FullName;
    private readonly string home = Directory.CreateTempSubdirectory("broadsheet-home-").FullName;

    private Dictionary<string, string?> Environment => new() { ["HOME"] = home, ["XDG_DATA_HOME"] = null, ["STATE_DIRECTORY"] = null };

    [Fact]
    public async Task Started_from_another_directory_it_serves_its_stylesheet_with_a_versioned_link_and_keeps_data_in_the_documented_place()
    {
        var port = ProgramProcess.FreePort();
        using var site = ProgramProcess.Start(["--urls", $"http://127.0.0.1:{port}"], elsewhere, build.Program, Environment);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var home = await WaitForHomeAsync(http, site);

            var link = StylesheetLink().Match(home);
            Assert.True(link.Success, "The page links its stylesheet with a version hash (?v=…).");
            using var stylesheet = await http.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
            Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
            var expected = await File.ReadAllBytesAsync(Path.Combine(RepositoryFiles.Root, "src", "Broadsheet", "wwwroot", "css", "site.css"));
            Assert.Equal(expected, await stylesheet.Content.ReadAsByteArrayAsync());
            Assert.Contains("immutable", stylesheet.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

            foreach (var script in ScriptLink().Matches(home).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)))
            {
                using var js = await http.GetAsync(script);
                Assert.True(js.StatusCode == HttpStatusCode.OK && (await js.Content.ReadAsByteArrayAsync()).Length > 0, $"{script} is served with its bytes");
            }

            // No data folder given: the documented default, never the working directory of the moment.
            Assert.True(File.Exists(Path.Combine(this.home, ".local", "share", "broadsheet", "broadsheet.db")), "the database is in ~/.local/share/broadsheet");
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        }
        finally
        {
            site.Kill(entireProcessTree: true);
            await site.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_service_directory_from_systemd_is_the_data_folder()
    {
        var state = Path.Combine(home, "state");
        Directory.CreateDirectory(state);
        var environment = Environment;
        environment["STATE_DIRECTORY"] = state;

        var result = await ProgramProcess.RunAsync(["users", "create", "--email", "svc@example.org", "--name", "Service Admin", "--role", "Administrator"],
            "a long enough passphrase", elsewhere, build.Program, environment);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(Path.Combine(state, "broadsheet.db")));
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [Fact]
    public async Task Without_its_web_root_it_refuses_to_start_and_says_why()
    {
        var broken = Directory.CreateTempSubdirectory("broadsheet-no-webroot-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(build.Folder, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}wwwroot{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var target = Path.Combine(broken, Path.GetRelativePath(build.Folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var port = ProgramProcess.FreePort();
            var result = await ProgramProcess.RunAsync(["--urls", $"http://127.0.0.1:{port}"], null, elsewhere, Path.Combine(broken, "Broadsheet.dll"), Environment, TimeSpan.FromSeconds(60));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("web root", result.Error, StringComparison.Ordinal);
            Assert.Contains("css/site.css", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // a message, not a stack trace
            Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
    }

    /// <summary>
    /// A SQLite site never loads the PostgreSQL driver's assembly, whose mapped pages would count against its memory.
    /// The JIT's final tier once did, after a few thousand article pages, by inlining the PostgreSQL side of the kept
    /// statements into code SQLite runs too. Here a method is compiled at the final tier from its second call, at
    /// once, and without the instrumented tier in between, so a few pages show what a busy site reaches. (With tiered
    /// compilation off, start-up code that runs once is compiled as the final tier would, and inlines its PostgreSQL
    /// branches; a running site never compiles it so.)
    /// </summary>
    [Fact]
    public async Task A_SQLite_site_never_maps_the_PostgreSQL_driver_even_once_its_code_is_fully_optimized()
    {
        var port = ProgramProcess.FreePort();
        var environment = Environment;
        environment["DOTNET_TC_CallCountThreshold"] = "1";
        environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        environment["DOTNET_TieredPGO"] = "0";
        using var site = ProgramProcess.Start(["--urls", $"http://127.0.0.1:{port}"], elsewhere, build.Program, environment);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var articles = ArticleLink().Matches(await WaitForHomeAsync(http, site)).Select(m => m.Groups[1].Value).Distinct().Take(4).ToList();
            Assert.NotEmpty(articles);
            // Twice over, with a pause for the background compiler between.
            for (var round = 0; round < 2; round++)
            {
                foreach (var path in articles.SelectMany(a => new[] { a, a + "/more?page=2", a }))
                {
                    using var page = await http.GetAsync(path);
                    Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            var maps = await File.ReadAllTextAsync($"/proc/{site.Id}/maps");
            Assert.Contains("Microsoft.Data.Sqlite.dll", maps, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", maps, StringComparison.Ordinal);
        }
        finally
        {
            site.Kill(entireProcessTree: true);
            await site.WaitForExitAsync();
        }
    }

    private static async Task<string> WaitForHomeAsync(HttpClient http, Process site)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (site.HasExited)
            {
                Assert.Fail($"The site stopped: {await site.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var response = await http.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "The published site did not answer within 60 seconds.");
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        Directory.Delete(elsewhere, recursive: true);
        Directory.Delete(home, recursive: true);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(/css/site\\.css\\?v=[^\"]+)\"")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex("<script[^>]+src=\"(/js/[^\"]+\\?v=[^\"]+)\"")]
    private static partial Regex ScriptLink();

    [GeneratedRegex("href=\"(/\\d{4}/\\d{2}/\\d{2}/[a-z0-9-]+)\"")]
    private static partial Regex ArticleLink();
}
