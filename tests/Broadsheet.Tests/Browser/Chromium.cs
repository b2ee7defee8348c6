using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>Debian's Chromium, driven by Playwright, launched once for all browser tests.</summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), "Chromium is missing: run ./test.sh, which installs Debian's chromium package.");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// A page in a context of its own at the given width and colour scheme, whose script errors and console errors are
    /// collected in <paramref name="errors"/> so a test can assert there were none.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, ColorScheme scheme, int width, List<string> errors)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new() { Width = width, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<Chromium>
{
    public const string Name = "browser";
}
