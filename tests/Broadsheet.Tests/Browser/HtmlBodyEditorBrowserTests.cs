using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>An imported article's HTML body in the editor, in Chromium: the live preview, and Convert to Markdown.</summary>
[Collection(BrowserTests.Name)]
public sealed class HtmlBodyEditorBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Fact]
    public async Task The_live_preview_renders_typed_html_through_the_allow_list_and_convert_to_markdown_keeps_the_words()
    {
        const string Imported = "<p>The ferry <strong>returns</strong>.</p><figure><img src=\"/demo/ferry.webp\" alt=\"The ferry\" width=\"1200\" height=\"675\"><figcaption>At dawn.</figcaption></figure>";
        var article = await new ArticleBuilder().HtmlBody(Imported).SaveAsync(App);
        var second = await new ArticleBuilder().HtmlBody(Imported).SaveAsync(App);
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Dialog += (_, dialog) =>
        {
            errors.Add("dialog: " + dialog.Message);
            _ = dialog.AcceptAsync();
        };
        await page.GotoAsync($"/newsroom/articles/edit/{article.Id}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/newsroom/articles/edit/{article.Id}$"));

        var body = page.GetByLabel("Body (HTML)");
        await Assertions.Expect(page.Locator("#preview figcaption")).ToHaveTextAsync("At dawn.");
        await Accessibility.AssertNoViolationsAsync(page, "the HTML body editor");

        await body.FillAsync("<h3 onclick=\"alert(1)\">Typed heading</h3><p>Typed <em>text</em>.</p><script>alert(2)</script>");
        await Assertions.Expect(page.Locator("#preview h3")).ToHaveTextAsync("Typed heading");
        Assert.Equal(0, await page.Locator("#preview [onclick], #preview script").CountAsync());

        // Converting works on the saved body, in a page of its own (this one has unsaved typing).
        var converting = await context.NewPageAsync();
        converting.PageError += (_, error) => errors.Add(error);
        await converting.GotoAsync($"/newsroom/articles/edit/{second.Id}");
        await converting.GetByRole(AriaRole.Button, new() { Name = "Convert to Markdown" }).ClickAsync();
        await Assertions.Expect(converting.Locator(".nr-flash")).ToContainTextAsync("The body is Markdown now");
        var markdown = await converting.GetByLabel("Body", new() { Exact = true }).InputValueAsync();
        Assert.Contains("**returns**", markdown, StringComparison.Ordinal);
        await Assertions.Expect(converting.Locator("#preview figure figcaption")).ToHaveTextAsync("At dawn.");
        Assert.Empty(errors);
    }
}
