using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>A commenter's name with a right-to-left override, as the moderator sees it in Debian's Chromium.</summary>
[Collection(BrowserTests.Name)]
public sealed class BidiBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Fact]
    public async Task A_right_to_left_override_in_a_commenter_s_name_does_not_reorder_what_follows_it_in_the_moderation_queue()
    {
        var name = $"Ann {Guid.NewGuid().ToString("N")[..6]} \u202Eevil";
        var article = await new ArticleBuilder().WithComment(name, "A held comment.", commentStatus: CommentStatus.Pending).SaveAsync(App);
        // A staff badge sits right after the name in the same cell: the text an unisolated override would turn around.
        await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsStaff, true)));
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Moderator);
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/newsroom/comments?status=pending&article={article.Id}");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/signin"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/comments"));

        var holder = page.Locator("tbody tr").First.Locator("td").Nth(1).Locator("bdi").First;
        await Assertions.Expect(holder).ToHaveTextAsync(name);
        Assert.Equal("isolate", await holder.EvaluateAsync<string>("el => getComputedStyle(el).unicodeBidi"));
        var nameBox = (await holder.BoundingBoxAsync())!;
        var badgeBox = (await page.Locator("tbody tr").First.Locator("td").Nth(1).Locator(".nr-status").BoundingBoxAsync())!;
        // In logical order the badge starts where the name ends; an override leaking out would draw it reversed to the left.
        Assert.True(badgeBox.X >= nameBox.X + nameBox.Width - 1, $"The badge starts at {badgeBox.X}, inside the name ({nameBox.X}–{nameBox.X + nameBox.Width}).");

        await Accessibility.AssertNoViolationsAsync(page, page.Url);
        await context.CloseAsync();
    }
}
