using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Broadsheet.Tests.Infrastructure;

public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        return Parse(body);
    }

    /// <summary>Position of an element in document order, to check the page's top-to-bottom order.</summary>
    public static int OrderOf(this IDocument document, string selector)
    {
        var element = document.QuerySelector(selector) ?? throw new Xunit.Sdk.XunitException($"No element matches {selector}");
        return document.All.Index(element);
    }
}

/// <summary>Base for integration tests: fails a test when the app logged an error it did not expect.</summary>
public abstract class AppTest<TApp>(TApp app) : IAsyncLifetime where TApp : BroadsheetApp
{
    protected TApp App { get; } = app;
    protected HttpClient Client { get; } = app.CreateHttpClient();

    public Task InitializeAsync()
    {
        App.Errors.Clear();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Assert.True(App.Errors.Entries.Count == 0, "The app logged errors:\n" + string.Join("\n", App.Errors.Entries));
        return Task.CompletedTask;
    }
}
