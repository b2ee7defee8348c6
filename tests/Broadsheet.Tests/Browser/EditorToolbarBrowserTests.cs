using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The article editor's writing tools in Chromium: toolbar and shortcuts, undo, save, figures, previews, focus mode, dropped images.</summary>
[Collection(BrowserTests.Name)]
public sealed class EditorToolbarBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private readonly List<string> consoleErrors = [];

    private async Task<IPage> OpenEditorAsync(string role = NewsroomRoles.Author, ColorScheme scheme = ColorScheme.Light, int width = 1280)
    {
        var (email, password) = await App.CreateUserAsync(role);
        var page = await chromium.NewPageAsync(App.BaseAddress, scheme, width, consoleErrors);
        await page.GotoAsync("/newsroom/articles/edit");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/articles/edit$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Toolbar, new() { Name = "Formatting" })).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Body(IPage page) => page.GetByLabel("Body", new() { Exact = true });

    /// <summary>Types the text as keystrokes would (so it is on the undo stack) and selects all of it.</summary>
    private static async Task TypeAndSelectAsync(IPage page, string text)
    {
        var body = Body(page);
        await body.FillAsync("");
        await body.FocusAsync();
        await page.Keyboard.InsertTextAsync(text);
        await body.EvaluateAsync("body => body.select()");
    }

    private static readonly (string Button, string Shortcut, string Markdown)[] Formats =
    [
        ("Bold", "Control+b", "**storm warning**"),
        ("Italic", "Control+i", "_storm warning_"),
        ("Link", "Control+k", "[storm warning](https://)"),
        ("Quote", "Control+Shift+Period", "> storm warning"),
        ("Subheading", "Control+Alt+Digit2", "## storm warning"),
        ("Bulleted list", "Control+Shift+Digit8", "- storm warning"),
        ("Numbered list", "Control+Shift+Digit7", "1. storm warning"),
    ];

    [Fact]
    public async Task Each_toolbar_button_and_its_shortcut_write_the_markdown_and_undo_gives_back_the_typed_text()
    {
        var page = await OpenEditorAsync();
        var body = Body(page);
        foreach (var (button, shortcut, markdown) in Formats)
        {
            await TypeAndSelectAsync(page, "storm warning");
            await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
            await Assertions.Expect(body).ToHaveValueAsync(markdown);
            await page.Keyboard.PressAsync("Control+z");
            await Assertions.Expect(body).ToHaveValueAsync("storm warning");

            await TypeAndSelectAsync(page, "storm warning");
            await page.Keyboard.PressAsync(shortcut);
            await Assertions.Expect(body).ToHaveValueAsync(markdown);
        }

        // Lists number each line, and a second press takes the formatting off again.
        await TypeAndSelectAsync(page, "Tides\nWinds");
        await page.GetByRole(AriaRole.Button, new() { Name = "Numbered list" }).ClickAsync();
        await Assertions.Expect(body).ToHaveValueAsync("1. Tides\n2. Winds");
        await page.GetByRole(AriaRole.Button, new() { Name = "Numbered list" }).ClickAsync();
        await Assertions.Expect(body).ToHaveValueAsync("Tides\nWinds");
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync("Tides");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Undoing_a_toolbar_action_keeps_everything_typed_before_and_after_it()
    {
        var page = await OpenEditorAsync();
        var body = Body(page);
        await body.FocusAsync();
        await page.Keyboard.InsertTextAsync("The ferry returns.");
        await body.EvaluateAsync("body => body.setSelectionRange(4, 9)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bold" }).ClickAsync();
        await Assertions.Expect(body).ToHaveValueAsync("The **ferry** returns.");
        await body.EvaluateAsync("body => body.setSelectionRange(body.value.length, body.value.length)");
        await page.Keyboard.InsertTextAsync(" At dawn.");
        await Assertions.Expect(body).ToHaveValueAsync("The **ferry** returns. At dawn.");

        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(body).ToHaveValueAsync("The **ferry** returns.");
        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(body).ToHaveValueAsync("The ferry returns.");
        await page.Keyboard.PressAsync("Control+Shift+z");
        await Assertions.Expect(body).ToHaveValueAsync("The **ferry** returns.");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Ctrl_S_saves_the_article_without_the_browser_save_dialog()
    {
        var page = await OpenEditorAsync();
        var headline = $"Pier reopens after repairs {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Headline").FillAsync(headline);
        await Body(page).FillAsync("Saved with the keyboard.");
        await Body(page).PressAsync("Control+s");

        await Assertions.Expect(page.Locator(".nr-flash")).ToHaveTextAsync("Draft saved.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/newsroom/articles/edit/\d+$"));
        var id = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var saved = await NewsroomArticles.LoadAsync(App, id);
        Assert.Equal((headline, "Saved with the keyboard."), (saved.Headline, saved.Body));
        Assert.Equal(1, await App.WithDbAsync((db, _) => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Word_count_and_reading_time_follow_the_typing()
    {
        var page = await OpenEditorAsync();
        var figures = page.Locator("#editor-figures");
        await Assertions.Expect(figures).ToHaveTextAsync("No words yet");
        await Assertions.Expect(figures).ToHaveAttributeAsync("aria-live", "polite");

        await Body(page).PressSequentiallyAsync("The [harbour](https://example.org/harbour-works) wall holds.");
        await Assertions.Expect(figures).ToHaveTextAsync("4 words · 1 min read");

        await Body(page).FillAsync(string.Join(' ', Enumerable.Repeat("tide", 500)));
        await Assertions.Expect(figures).ToHaveTextAsync("500 words · 3 min read");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task The_search_and_social_previews_cut_a_long_headline_and_description_where_those_sites_do()
    {
        var page = await OpenEditorAsync();
        var headline = "Council approves harbour wall rebuild after three winters of storm damage to the old quay";
        var standfirst = "The rebuild starts in spring and closes the north quay for eight months; fishing boats move to the east basin, "
            + "and the ferry timetable changes from the first of April while the cranes are on the water.";
        await page.GetByLabel("Headline").FillAsync(headline);
        await page.GetByLabel("Standfirst").FillAsync(standfirst);

        var title = page.Locator("#serp-title");
        await Assertions.Expect(title).ToContainTextAsync("Council approves harbour wall rebuild after three winters…");
        await Assertions.Expect(title.Locator(".nr-cut")).ToContainTextAsync("storm damage to the old quay");
        var shownTitle = await title.EvaluateAsync<string>("t => t.firstChild.textContent");
        Assert.True(shownTitle.Length <= 60, shownTitle);
        // The preview follows each field as it changes: the standfirst's turn may come after the headline's.
        await Assertions.Expect(page.Locator("#serp-description")).ToContainTextAsync("The rebuild starts in spring");
        var shownDescription = await page.Locator("#serp-description").EvaluateAsync<string>("d => d.firstChild.textContent");
        Assert.True(shownDescription.Length is > 140 and <= 160, shownDescription);
        Assert.EndsWith("…", shownDescription, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#serp-url")).ToContainTextAsync("/council-approves-harbour-wall-rebuild-after-three-winters");

        await Assertions.Expect(page.Locator("#card-title")).ToContainTextAsync("Council approves harbour wall rebuild after three winters of storm…");
        await Assertions.Expect(page.Locator("#card-description")).ToContainTextAsync("The rebuild starts in spring");
        await Assertions.Expect(page.Locator("#card-image")).ToContainTextAsync("No featured image");
        var counts = page.Locator("#share-counts");
        await Assertions.Expect(counts).ToContainTextAsync($"Card title: {headline.Length} characters, cut after about 70");
        await Assertions.Expect(counts).ToContainTextAsync($"Description in search: {standfirst.Length} characters, cut after about 160");

        // Without a standfirst the description is the body's first paragraph, as on the reader page.
        await page.GetByLabel("Standfirst").FillAsync("");
        await Body(page).FillAsync("Work starts in *spring*.\n\nMore later.");
        await Assertions.Expect(page.Locator("#serp-description")).ToHaveTextAsync("Work starts in spring.");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task The_phone_preview_is_390_pixels_wide_and_the_editor_fits_a_360_pixel_screen()
    {
        var page = await OpenEditorAsync();
        await page.GetByLabel("Headline").FillAsync("Ferry timetable changes");
        await Body(page).FillAsync("From Monday the first boat leaves at six.");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Phone width" });
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal(390, await page.Locator(".nr-preview").EvaluateAsync<int>("p => p.clientWidth"));
        await Assertions.Expect(page.Locator(".nr-phone-headline")).ToHaveTextAsync("Ferry timetable changes");
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync("first boat leaves at six");

        await page.SetViewportSizeAsync(360, 800);
        var tooWide = await page.EvaluateAsync<string[]>(
            "Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + '#' + e.id + '.' + e.className)");
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth"), "The editor scrolls sideways at 360 px: " + string.Join(", ", tooWide));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Bold" })).ToBeVisibleAsync();
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Focus_mode_hides_the_side_panel_is_remembered_and_escape_leaves_it()
    {
        var page = await OpenEditorAsync();
        var section = page.GetByLabel("Section");
        await Assertions.Expect(section).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Focus", Exact = true }).ClickAsync();
        await Assertions.Expect(section).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Focus", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(section).ToBeHiddenAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(section).ToBeVisibleAsync();

        await Body(page).PressAsync("Control+Shift+KeyF");
        await Assertions.Expect(section).ToBeHiddenAsync();
        Assert.Empty(consoleErrors);
    }

    /// <summary>Drops a file on the body as a drag from the desktop would: a drop event whose DataTransfer holds it.</summary>
    private static async Task DropFileAsync(IPage page, byte[] bytes, string name, string type) =>
        await Body(page).EvaluateAsync(
            """
            (body, [data, name, type]) => {
              const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type }));
              const box = body.getBoundingClientRect();
              const at = { bubbles: true, cancelable: true, dataTransfer: transfer, clientX: box.left + 5, clientY: box.bottom - 5 };
              body.dispatchEvent(new DragEvent("dragover", at));
              body.dispatchEvent(new DragEvent("drop", at));
            }
            """,
            new object[] { Convert.ToBase64String(bytes), name, type });

    [Fact]
    public async Task An_image_dropped_into_the_body_is_uploaded_described_and_inserted_and_undo_takes_it_out()
    {
        var page = await OpenEditorAsync();
        var body = Body(page);
        await body.FocusAsync();
        await page.Keyboard.InsertTextAsync("Low tide this morning.");
        await DropFileAsync(page, TestImages.Png(800, 400), "low-tide.png", "image/png");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Describe the image" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("low-tide.png is now in the media library.");
        await Accessibility.AssertNoViolationsAsync(page, "the editor with the image dialog open");

        // The alt text is required, unless the image is marked decorative.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Insert image" }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Describe the image, or tick Decorative.");
        await dialog.GetByLabel("Image description (alt text)").FillAsync("Boats resting on the mud [at low tide]");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Insert image" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        var item = await App.WithDbAsync((db, _) => db.MediaItems.OrderByDescending(m => m.Id).FirstAsync(m => m.OriginalName == "low-tide.png"));
        await Assertions.Expect(body).ToHaveValueAsync($"Low tide this morning.\n\n![Boats resting on the mud \\[at low tide\\]]({item.Url})");
        await Assertions.Expect(page.Locator("#preview img")).ToHaveAttributeAsync("alt", "Boats resting on the mud [at low tide]");
        await Assertions.Expect(page.Locator("#upload-status")).ToHaveTextAsync("low-tide.png added to the text.");

        await body.PressAsync("Control+z");
        await Assertions.Expect(body).ToHaveValueAsync("Low tide this morning.");

        // Decorative: inserted with an empty alt text.
        await DropFileAsync(page, TestImages.Png(300, 300), "pattern.png", "image/png");
        await dialog.GetByLabel("Decorative").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Insert image" }).ClickAsync();
        await Assertions.Expect(body).ToHaveValueAsync(new Regex(@"^Low tide this morning\.\n\n!\[\]\(/media/[^)]+\.png\)$"));
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Images_dropped_together_go_in_order_where_they_were_dropped_even_when_text_is_added_before_them_meanwhile()
    {
        var page = await OpenEditorAsync();
        var body = Body(page);
        await body.FillAsync("Low tide.");
        await body.FocusAsync();
        await body.PressAsync("Control+End");
        await body.EvaluateAsync(
            """
            (body, [one, two]) => {
              const transfer = new DataTransfer();
              for (const [data, name] of [[one, "first-boat.png"], [two, "second-boat.png"]]) {
                transfer.items.add(new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], name, { type: "image/png" }));
              }
              const box = body.getBoundingClientRect();
              const at = { bubbles: true, cancelable: true, dataTransfer: transfer, clientX: box.left + 5, clientY: box.bottom - 5 };
              body.dispatchEvent(new DragEvent("dragover", at));
              body.dispatchEvent(new DragEvent("drop", at));
            }
            """,
            new object[] { Convert.ToBase64String(TestImages.Png(400, 200)), Convert.ToBase64String(TestImages.Png(300, 200)) });

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Describe the image" });
        await Assertions.Expect(dialog).ToContainTextAsync("first-boat.png is now in the media library.");
        // The writer's text grows before the drop point while the images are on their way (as typing would).
        await body.EvaluateAsync("body => { body.setRangeText('Morning. ', 0, 0, 'end'); body.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'Morning. ' })); }");
        await dialog.GetByLabel("Image description (alt text)").FillAsync("The first boat");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Insert image" }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("second-boat.png is now in the media library.");
        await dialog.GetByLabel("Image description (alt text)").FillAsync("The second boat");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Insert image" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        var urls = await App.WithDbAsync((db, _) => db.MediaItems.Where(m => m.OriginalName == "first-boat.png" || m.OriginalName == "second-boat.png")
            .OrderByDescending(m => m.Id).ToListAsync());
        var first = urls.First(m => m.OriginalName == "first-boat.png").Url;
        var second = urls.First(m => m.OriginalName == "second-boat.png").Url;
        await Assertions.Expect(body).ToHaveValueAsync($"Morning. Low tide.\n\n![The first boat]({first})\n\n![The second boat]({second})");
        // The alt text typed in the dialog is the library's too, for the next article that picks the image.
        var firstId = urls.First(m => m.OriginalName == "first-boat.png").Id;
        string? alt = null;
        for (var tries = 0; tries < 50 && alt is null; tries++)
        {
            alt = await App.WithDbAsync((db, _) => db.MediaItems.Where(m => m.Id == firstId).Select(m => m.Alt).SingleAsync());
            await Task.Delay(alt is null ? 100 : 0);
        }

        Assert.Equal("The first boat", alt);
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Text_pasted_with_a_picture_of_itself_from_a_word_processor_is_pasted_as_text()
    {
        var page = await OpenEditorAsync();
        await Body(page).FillAsync("Figures: ");
        var taken = await Body(page).EvaluateAsync<bool>(
            """
            (body, data) => {
              const transfer = new DataTransfer();
              transfer.setData("text/plain", "Sales rose 4%");
              transfer.setData("text/html", "<table><tr><td>Sales rose 4%</td></tr></table>");
              transfer.items.add(new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], "image.png", { type: "image/png" }));
              return !body.dispatchEvent(new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: transfer }));
            }
            """,
            Convert.ToBase64String(TestImages.Png(200, 100)));

        Assert.False(taken, "The paste was taken as an image, so the browser would not paste the text.");
        await page.WaitForTimeoutAsync(300);
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#upload-status")).ToBeEmptyAsync();
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_dropped_file_that_is_not_an_image_shows_why_and_changes_nothing()
    {
        var page = await OpenEditorAsync();
        await Body(page).FillAsync("Notes follow.");
        await DropFileAsync(page, "not a picture at all"u8.ToArray(), "notes.png", "image/png");

        await Assertions.Expect(page.Locator("#upload-error")).ToHaveTextAsync("notes.png: This file is not a JPEG, PNG, WebP or GIF image. Upload one of those.");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(Body(page)).ToHaveValueAsync("Notes follow.");
        Assert.False(await App.WithDbAsync((db, _) => db.MediaItems.AnyAsync(m => m.OriginalName == "notes.png")));
    }

    [Theory]
    [InlineData(1280, ColorScheme.Light)]
    [InlineData(390, ColorScheme.Dark)]
    public async Task The_editor_with_its_tools_and_previews_has_no_accessibility_violations(int width, ColorScheme scheme)
    {
        var page = await OpenEditorAsync(NewsroomRoles.Editor, scheme, width);
        await page.GetByLabel("Headline").FillAsync("A headline long enough that the search result has to cut it short somewhere");
        await Body(page).FillAsync("## Subheading\n\nA **bold** start.");
        await Assertions.Expect(page.Locator("#serp-title .nr-cut")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#editor-figures")).ToHaveTextAsync("4 words · 1 min read");
        await page.GetByRole(AriaRole.Button, new() { Name = "Phone width" }).ClickAsync();

        await Accessibility.AssertNoViolationsAsync(page, "the editor at phone width");
        Assert.Empty(consoleErrors);
    }
}
