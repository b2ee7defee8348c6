using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// The browser contexts one test opens, each a separate reader with its own cookies, and the console errors
/// of every page in them (a script error or a Content-Security-Policy refusal shows there). Closed with the test.
/// </summary>
public sealed class ReaderContexts(Chromium chromium, Uri baseAddress) : IAsyncDisposable
{
    private readonly List<IBrowserContext> contexts = [];
    private readonly HashSet<IPage> watched = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();

    public IReadOnlyCollection<string> ConsoleErrors => errors;

    public async Task<IBrowserContext> NewAsync(bool javaScript = true, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            ColorScheme = scheme,
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.Page += (_, page) => Watch(page);
        contexts.Add(context);
        return context;
    }

    /// <summary>Opens <paramref name="path"/> in a new page of <paramref name="context"/>; fails unless it answers 2xx.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        Watch(page);
        var response = await page.GotoAsync(path);
        Assert.True(response!.Ok, $"{path} answered {response.Status}");
        return page;
    }

    /// <summary>Opens <paramref name="path"/> as a new reader.</summary>
    public async Task<IPage> OpenAsync(string path, bool javaScript = true, ColorScheme scheme = ColorScheme.Light) =>
        await OpenAsync(await NewAsync(javaScript, scheme), path);

    public void AssertNoConsoleErrors() =>
        Assert.True(errors.IsEmpty, "Console errors: " + string.Join("; ", errors));

    private void Watch(IPage page)
    {
        lock (watched)
        {
            if (!watched.Add(page))
            {
                return;
            }
        }

        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Enqueue(error);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }
}
