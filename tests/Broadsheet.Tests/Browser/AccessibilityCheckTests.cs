using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// The check every browser test relies on for accessibility, tried on a page that breaks the rules: if axe-core stopped
/// reaching the page, every "no violations" assertion in the suite would pass for nothing.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AccessibilityCheckTests(Chromium chromium)
{
    private const string BrokenPage = """
        <!doctype html><html lang="en"><head><title>Broken on purpose</title></head>
        <body><main><h1>Broken on purpose</h1>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <p style="color:#ddd;background:#fff">Pale grey words on white.</p>
        <button></button>
        </main></body></html>
        """;

    [Fact]
    public async Task The_check_reports_a_missing_alt_text_low_contrast_and_a_nameless_button_in_light_and_dark()
    {
        var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(BrokenPage);

        var every = await Accessibility.RunAsync(page);
        Assert.Equal(["button-name", "color-contrast", "image-alt"], every.Violations.Select(v => v.Id).Order());
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Accessibility.AssertNoViolationsAsync(page, "the broken page"));
        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the broken page", failure.Message, StringComparison.Ordinal);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        var colours = await Accessibility.RunAsync(page, Accessibility.ColourRules);
        Assert.Equal(["color-contrast"], colours.Violations.Select(v => v.Id));
        await context.CloseAsync();
    }
}
