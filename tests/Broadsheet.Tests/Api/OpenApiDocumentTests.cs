using System.Diagnostics;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Api;

/// <summary>
/// The OpenAPI document, generated from the endpoints, checked by a validator nobody here wrote: the npm
/// <c>@apidevtools/swagger-parser</c> (13.1.0, locked in the test project's package-lock.json).
/// </summary>
public sealed class OpenApiDocumentTests(ContentApiApp app) : AppTest<ContentApiApp>(app), IClassFixture<ContentApiApp>
{
    private static readonly string Script = Path.Combine(RepositoryFiles.Root, "tests", "Broadsheet.Tests", "Api", "validate-openapi.js");

    [Fact]
    public async Task The_OpenAPI_document_is_valid_OpenAPI_3_1_and_describes_every_endpoint_with_its_errors()
    {
        var text = await Client.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(App.DataDir, "openapi.json");
        await File.WriteAllTextAsync(file, text);

        var (exitCode, output) = await RunNodeAsync(file);
        Assert.True(exitCode == 0, "swagger-parser refused the document:\n" + output);

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(App.BaseAddress.ToString().TrimEnd('/'), root.GetProperty("servers")[0].GetProperty("url").GetString());
        var paths = root.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/articles/slug/{slug}", "/api/v1/sections", "/api/v1/tags",
                     "/api/v1/authors", "/api/v1/pages", "/api/v1/pages/{id}", "/api/v1/pages/slug/{slug}", "/api/v1/articles/{id}/comments" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()), path);
            var responses = get.GetProperty("responses");
            foreach (var status in new[] { "200", "400", "404", "429" })
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{path} does not describe {status}.");
                if (status != "200")
                {
                    Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{path} {status} is not problem details.");
                }
            }
        }

        var list = paths.GetProperty("/api/v1/articles").GetProperty("get");
        var perPage = list.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "per_page");
        Assert.Equal("integer", perPage.GetProperty("schema").GetProperty("type").GetString());
        Assert.DoesNotContain("/wp-json", text, StringComparison.Ordinal);
        Assert.Contains("\"examples\"", text, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string file)
    {
        Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "tests", "Broadsheet.Tests", "node_modules", "@apidevtools", "swagger-parser", "package.json")),
            "The npm package @apidevtools/swagger-parser is not installed: run scripts/install-test-deps.sh (npm ci in tests/Broadsheet.Tests).");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Script)! };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output + await error);
    }
}
