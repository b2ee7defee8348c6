using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The Subscribers and Outbox pages as an editor uses them, in Debian's Chromium.</summary>
[Collection(BrowserTests.Name)]
public sealed class SubscriberPagesBrowserTests(MailApp app, Chromium chromium) : AppTest<MailApp>(app), IClassFixture<MailApp>
{
    private async Task<IPage> SignInAsync(ColorScheme scheme)
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor, "Edith Editor");
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString(), ColorScheme = scheme, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/newsroom/subscribers");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/subscribers$"));
        return page;
    }

    /// <summary>Readers in every state, and mail in every state, as a site a few weeks into subscriptions has.</summary>
    private async Task SeedAsync()
    {
        if (await App.WithDbAsync((db, _) => db.Subscribers.AnyAsync(s => s.Email == "ines.ortega@example.org")))
        {
            return;
        }

        var sections = await App.WithDbAsync((db, _) => db.Sections.OrderBy(s => s.Position).Select(s => s.Id).ToListAsync());
        var start = App.Clock.GetUtcNow().UtcDateTime.AddDays(-30);
        string[] names = ["ines.ortega", "tomas.berg", "ruth.adeyemi", "li.wei", "marta.novak", "sam.okafor", "hana.sato", "piet.devries"];
        for (var i = 0; i < names.Length; i++)
        {
            var status = i switch { 2 => SubscriberStatus.Pending, 4 => SubscriberStatus.Unsubscribed, 6 => SubscriberStatus.Bouncing, _ => SubscriberStatus.Confirmed };
            var frequency = (Frequency)(i % 3 + 1);
            await App.AddSubscriberAsync($"{names[i]}@example.org", status, frequency, [.. sections.Where((_, k) => (k + i) % 2 == 0)], start.AddDays(i * 3),
                bounceReason: "550 5.1.1 <hana.sato@example.org>: Recipient address rejected: User unknown");
        }

        App.Smtp.RecipientRule = to => to == "old.reader@example.org" ? (550, "5.1.1 Mailbox does not exist") : null;
        var refused = await App.QueueAsync("old.reader@example.org", "Your password reset link", kind: MailKind.Account);
        await App.DeliverMailAsync();
        // The app's own sender may have claimed it first: the refusal must reach it before the rule goes.
        for (var wait = 0; wait < 200 && await App.WithDbAsync((db, _) => db.Outbox.AnyAsync(m => m.Id == refused && m.Status == OutboxStatus.Queued)); wait++)
        {
            await Task.Delay(50);
        }

        App.Smtp.RecipientRule = null;
        await App.QueueAsync("ines.ortega@example.org", "Council approves the new harbour budget", kind: MailKind.Alert);
        await App.DeliverMailAsync();
        await App.QueueAsync("li.wei@example.org", "Your daily digest: storms, science and the cup final", kind: MailKind.Digest);
    }

    private static Task AssertNoViolationsAsync(IPage page) => Accessibility.AssertNoViolationsAsync(page, page.Url);

    /// <summary>For a person to look at: set BROADSHEET_SCREENSHOTS to a folder to keep full-page screenshots.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("BROADSHEET_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Subscribers_and_outbox_pages_with_data_have_no_accessibility_violations(ColorScheme scheme)
    {
        await SeedAsync();
        var page = await SignInAsync(scheme);
        await Assertions.Expect(page.Locator(".nr-subscribers .nr-reason")).ToContainTextAsync("User unknown");
        await AssertNoViolationsAsync(page);
        await ScreenshotAsync(page, $"subscribers-{scheme}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Outbox" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Outbox");
        await Assertions.Expect(page.Locator(".nr-outbox .nr-answer")).ToContainTextAsync("Mailbox does not exist");
        await AssertNoViolationsAsync(page);
        await ScreenshotAsync(page, $"outbox-{scheme}");
    }

    [Fact]
    public async Task An_editor_imports_a_file_and_reads_which_lines_were_not_imported()
    {
        await SeedAsync();
        var page = await SignInAsync(ColorScheme.Light);
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "from-the-old-service.csv",
            MimeType = "text/csv",
            Buffer = "email,sections,frequency,consented_at\nnew.reader@example.org,,daily,2024-06-01\nnot an address,,,\n"u8.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#import-report")).ToContainTextAsync("1 new (1 confirmed, 0 pending)");
        await Assertions.Expect(page.Locator("#import-report")).ToContainTextAsync("Line 3 (not an address): this is not an email address.");
        await page.GetByLabel("Search by address").FillAsync("new.reader");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-subscribers tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".nr-subscribers tbody tr")).ToContainTextAsync("import: from-the-old-service.csv");
    }
}
