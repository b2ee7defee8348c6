using System.Diagnostics;
using System.Text.Json;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>One error the Nu HTML Checker found in a file.</summary>
public sealed record HtmlError(string File, int Line, int Column, string Message, string Extract);

/// <summary>
/// The Nu HTML Checker (the W3C's validator: npm <c>vnu-jar</c>, run with Debian's Java), over many files in one run:
/// the JVM takes seconds to start, so a test collects its pages first and checks them together.
/// </summary>
public static class NuHtmlChecker
{
    private const string JarPath = "tests/Broadsheet.Tests/node_modules/vnu-jar/build/dist/vnu.jar";

    /// <summary>The errors in <paramref name="files"/> (warnings are not asked for), in file and line order.</summary>
    public static async Task<IReadOnlyList<HtmlError>> CheckAsync(IReadOnlyCollection<string> files)
    {
        var jar = Path.Combine(RepositoryFiles.Root, JarPath);
        var java = FindJava() ?? throw new Xunit.Sdk.XunitException(
            "The Nu HTML Checker needs Java, and java is not on the PATH. Run ./test.sh, which installs it (Debian's default-jre-headless).");
        Assert.True(File.Exists(jar), $"The Nu HTML Checker is missing: no {jar}. Run ./test.sh, which installs it (npm's vnu-jar).");

        var start = new ProcessStartInfo(java)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-jar", jar, "--errors-only", "--format", "json", "--exit-zero-always", .. files])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var report = process.StandardError.ReadToEndAsync(); // vnu writes its JSON report to standard error
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("The Nu HTML Checker did not finish within 3 minutes.");
        }

        var json = await report;
        Assert.True(process.ExitCode == 0 && json.TrimStart().StartsWith('{'),
            $"The Nu HTML Checker did not run (exit code {process.ExitCode}): {json}{await output}");

        var errors = new List<HtmlError>();
        foreach (var message in JsonDocument.Parse(json).RootElement.GetProperty("messages").EnumerateArray())
        {
            // "error", or "non-document-error" when a file could not be read at all; info and warnings are not errors.
            if (message.GetProperty("type").GetString() is "info")
            {
                continue;
            }

            errors.Add(new HtmlError(
                FileName(message.TryGetProperty("url", out var url) ? url.GetString() : null),
                message.TryGetProperty("lastLine", out var line) ? line.GetInt32() : 0,
                message.TryGetProperty("firstColumn", out var column) ? column.GetInt32() : 0,
                message.GetProperty("message").GetString() ?? "",
                message.TryGetProperty("extract", out var extract) ? extract.GetString() ?? "" : ""));
        }

        return errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToList();
    }

    private static string FileName(string? url) =>
        url is null ? "" : Path.GetFileName(Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.LocalPath : url);

    private static string? FindJava() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "java"))
            .FirstOrDefault(File.Exists);
}
