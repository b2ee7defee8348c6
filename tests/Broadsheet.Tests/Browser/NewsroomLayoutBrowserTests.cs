using System.Globalization;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The newsroom's frame on every page: a menu that fits a laptop, a page that fits a phone, and nothing axe objects to.</summary>
public sealed partial class NewsroomBrowserTests
{
    /// <summary>Where the menu and the page sit at 1280 px, measured in the browser.</summary>
    private sealed record Frame
    {
        public int LinkColumns { get; init; }
        public double TallestLink { get; init; }
        public double LowestLink { get; init; }
        public double SidebarRight { get; init; }
        public double MainLeft { get; init; }
        public double MainWidth { get; init; }
        public int Overflow { get; init; }
    }

    private const string MeasureFrame = """
        () => {
          const links = [...document.querySelectorAll('nav[aria-label=Newsroom] a')].map(a => a.getBoundingClientRect());
          const sidebar = document.querySelector('header').getBoundingClientRect();
          const main = document.querySelector('main').getBoundingClientRect();
          return {
            linkColumns: new Set(links.map(r => Math.round(r.left))).size,
            tallestLink: Math.max(...links.map(r => r.height)),
            lowestLink: Math.max(...links.map(r => r.bottom)),
            sidebarRight: sidebar.right, mainLeft: main.left, mainWidth: main.width,
            overflow: document.scrollingElement.scrollWidth - innerWidth,
          };
        }
        """;

    private const string Overflow = "() => document.scrollingElement.scrollWidth - innerWidth";

    /// <summary>The status badges and the words of the name cells that the table broke over two lines.</summary>
    private const string BrokenWords = """
        () => {
            const broken = [...document.querySelectorAll('.nr-table .nr-status')].filter(s => s.getClientRects().length > 1).map(s => s.textContent);
            for (const cell of document.querySelectorAll('.nr-table td.nr-words')) {
                const range = document.createRange();
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                for (let node; (node = walker.nextNode());) {
                    for (const match of node.data.matchAll(/\S+/g)) {
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) broken.push(match[0]);
                    }
                }
            }
            return broken;
        }
        """;

    [Fact]
    public async Task Every_newsroom_page_keeps_its_menu_in_one_column_fits_a_phone_and_has_no_accessibility_violations()
    {
        var pages = await EveryNewsroomPageAsync();
        var wide = await SignInAsync(NewsroomRoles.Administrator);
        var narrow = await WatchedPageAsync(await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ColorScheme = ColorScheme.Dark,
            ViewportSize = new() { Width = 360, Height = 780 },
            StorageState = await wide.Context.StorageStateAsync(),
        }));

        var failures = new List<string>();
        foreach (var (path, heading) in pages)
        {
            await GoToAsync(wide, path, heading);
            var frame = await wide.EvaluateAsync<Frame>(MeasureFrame);
            if (frame.LinkColumns != 1 || frame.TallestLink > 40 || frame.LowestLink > 900)
            {
                failures.Add($"{path} at 1280 px: the menu wraps ({frame}).");
            }

            if (frame.MainLeft < frame.SidebarRight || frame.MainWidth < 1280 - frame.SidebarRight - 1)
            {
                failures.Add($"{path} at 1280 px: the page does not have the width beside the menu ({frame}).");
            }

            if (frame.Overflow > 0)
            {
                failures.Add($"{path} at 1280 px scrolls sideways by {frame.Overflow} px.");
            }

            // Beside the menu a table may break a long address anywhere, but not a status or a name mid-word.
            var broken = await wide.EvaluateAsync<string[]>(BrokenWords);
            if (broken.Length > 0)
            {
                failures.Add($"{path} at 1280 px breaks words over lines: {string.Join(", ", broken)}.");
            }

            failures.AddRange(await AxeFailuresAsync(wide, $"{path} at 1280 px, light"));
            await ScreenshotAsync(wide, path, "1280-light");

            await GoToAsync(narrow, path, heading);
            var overflow = await narrow.EvaluateAsync<int>(Overflow);
            if (overflow > 0)
            {
                failures.Add($"{path} at 360 px scrolls sideways by {overflow} px.");
            }

            failures.AddRange(await AxeFailuresAsync(narrow, $"{path} at 360 px, dark"));
            await ScreenshotAsync(narrow, path, "360-dark");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task On_a_phone_the_menu_folds_behind_a_button_that_says_whether_it_is_open()
    {
        var page = await SignInAsync(NewsroomRoles.Editor, ColorScheme.Dark, width: 360);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Newsroom" });
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        await Assertions.Expect(menu).ToBeHiddenAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "false");

        await button.ClickAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await ScreenshotAsync(page, "/newsroom/articles", "360-dark-menu-open");
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Articles" })).ToHaveAttributeAsync("aria-current", "page");
        Assert.Equal(0, await page.EvaluateAsync<int>(Overflow));

        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(button).ToBeFocusedAsync();
        await Assertions.Expect(menu).ToBeHiddenAsync();

        await page.SetViewportSizeAsync(1280, 900);
        await Assertions.Expect(menu).ToBeVisibleAsync();
        await Assertions.Expect(button).ToBeHiddenAsync();
        await ScreenshotAsync(page, "/newsroom/articles", "1280-dark");
    }

    [Fact]
    public async Task On_a_phone_the_comment_queue_shows_each_comment_as_a_card_as_wide_as_the_screen()
    {
        await new ArticleBuilder().Headline("Harbour ferry timetable changes for the winter months")
            .WithComment("Card Reader", "Held for a moderator: will the early boat still run on Sundays?", commentStatus: CommentStatus.Pending)
            .SaveAsync(App);
        var page = await SignInAsync(NewsroomRoles.Editor, ColorScheme.Dark, width: 360);
        await GoToAsync(page, "/newsroom/comments", "Comments");
        await ScreenshotAsync(page, "/newsroom/comments", "360-dark-cards");

        // Nothing scrolls sideways: not the page, and not the table in its own box.
        Assert.Equal(0, await page.EvaluateAsync<int>(Overflow));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Math.max(0, ...[...document.querySelectorAll('.nr-table-wrap')].map(w => w.scrollWidth - w.clientWidth))"));

        // The comment, the article and the time each take the card's width, under the author, the last two labelled.
        var row = page.Locator("tbody tr", new() { HasText = "Card Reader" });
        var cells = await row.EvaluateAsync<double[][]>("r => [...r.cells].map(c => { const b = c.getBoundingClientRect(); return [b.left, b.top, b.width]; })");
        var card = await row.EvaluateAsync<double>("r => r.getBoundingClientRect().width");
        Assert.True(card > 300, $"the card is {card} px wide");
        foreach (var cell in cells[2..])
        {
            Assert.True(cell[2] >= card - 1 && cell[1] > cells[1][1], $"a cell after the author is {cell[2]} px wide at {cell[1]} px, in a card {card} px wide");
        }

        Assert.Equal(["\"On \"", "\"Posted \""], await row.EvaluateAsync<string[]>("r => [...r.querySelectorAll('td[data-label]')].map(c => getComputedStyle(c, '::before').content)"));

        // The box still selects the comment, and the headings are still there for a screen reader.
        await row.GetByRole(AriaRole.Checkbox, new() { Name = "Select the comment by Card Reader" }).CheckAsync();
        Assert.Equal(5, await page.Locator("thead th").CountAsync());
        Assert.Empty(await AxeFailuresAsync(page, "/newsroom/comments at 360 px, dark"));
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Signed_out_newsroom_pages_fit_a_phone_and_have_no_accessibility_violations()
    {
        var failures = new List<string>();
        foreach (var (scheme, width) in new[] { (ColorScheme.Light, 1280), (ColorScheme.Dark, 360) })
        {
            var page = await NewPageAsync(scheme, width);
            foreach (var (path, heading) in new[] { ("/newsroom/signin", "Sign in"), ("/newsroom/forgot-password", "Reset your password") })
            {
                await GoToAsync(page, path, heading);
                if (await page.EvaluateAsync<int>(Overflow) > 0)
                {
                    failures.Add($"{path} at {width} px scrolls sideways.");
                }

                failures.AddRange(await AxeFailuresAsync(page, $"{path} at {width} px, {scheme}"));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>With BROADSHEET_SCREENSHOTS set to a folder, keeps what the page looked like, for a person to look at.</summary>
    private static async Task ScreenshotAsync(IPage page, string path, string variant)
    {
        if (Environment.GetEnvironmentVariable("BROADSHEET_SCREENSHOTS") is { Length: > 0 } folder)
        {
            var name = string.Join("-", path.Split('/', StringSplitOptions.RemoveEmptyEntries)) + "-" + variant + ".png";
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name) });
        }
    }

    private async Task<IPage> WatchedPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);
        return page;
    }

    private static async Task<IEnumerable<string>> AxeFailuresAsync(IPage page, string where)
    {
        return Accessibility.Describe(await Accessibility.RunAsync(page), where);
    }

    /// <summary>Every page of the newsroom an administrator opens, with data to show: (path, how its heading starts).</summary>
    private async Task<List<(string Path, string Heading)>> EveryNewsroomPageAsync()
    {
        var story = await new ArticleBuilder().WithComment("Held Reader", "Held for a moderator.", commentStatus: CommentStatus.Pending).SaveAsync(App);
        var commentId = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == story.Id).Select(c => c.Id).FirstAsync());
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var form = await NewsroomArticles.FormAsync(editor, "Revised twice");
        var articleId = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        form["Input.Body"] = "Second words.";
        await NewsroomArticles.SaveAndGetIdAsync(editor, articleId, form);
        var staticPage = await new StaticPageBuilder().Markdown("About the paper.").SaveAsync(App);
        var endpointId = await App.WithDbAsync(async (db, services) =>
        {
            var endpoint = new WebhookEndpoint
            {
                Url = "https://hooks.example.org/broadsheet",
                Secret = "whsec_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
                Events = WebhookEvents.ArticlePublished,
                CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            };
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            return endpoint.Id;
        });

        string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
        return
        [
            ("/newsroom", "Dashboard"),
            ("/newsroom/articles", "Articles"),
            ("/newsroom/articles/trash", "Trash"),
            ("/newsroom/articles/edit", "New article"),
            ($"/newsroom/articles/edit/{Id(articleId)}", "Edit article"),
            ($"/newsroom/articles/{Id(articleId)}/revisions", "Revisions"),
            ("/newsroom/media", "Media"),
            ("/newsroom/pages", "Pages"),
            ("/newsroom/pages/edit", "New page"),
            ($"/newsroom/pages/edit/{Id(staticPage.Id)}", "Edit page"),
            ($"/newsroom/pages/{Id(staticPage.Id)}/revisions", "Revisions"),
            ("/newsroom/comments", "Comments"),
            ($"/newsroom/comments/edit/{Id(commentId)}", "Comment by"),
            ("/newsroom/subscribers", "Subscribers"),
            ("/newsroom/subscribers/send-test", "Send a test"),
            ("/newsroom/outbox", "Outbox"),
            ("/newsroom/sections", "Sections"),
            ("/newsroom/tags", "Tags"),
            ("/newsroom/authors", "Authors"),
            ("/newsroom/authors/edit", "New author"),
            ("/newsroom/users", "Users"),
            ("/newsroom/settings", "Settings"),
            ("/newsroom/audit", "Audit log"),
            ("/newsroom/webhooks", "Webhooks"),
            ($"/newsroom/webhooks/{Id(endpointId)}", "Webhook endpoint"),
            ("/newsroom/account", "Your account"),
            ("/newsroom/signout", "Sign out"),
        ];
    }
}
