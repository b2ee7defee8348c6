using System.Net;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// Our ALTCHA server speaks the protocol of the official widget (npm <c>altcha</c>, the version locked in
/// package-lock.json): the widget solves a challenge from <c>/comments/challenge</c> and the form takes its payload.
/// </summary>
/// <remarks>
/// The widget runs its workers from blob: URLs, which the site's policy (rightly) forbids, so it is not put into
/// our pages: the browser is given a harness page and the widget script at the app's own address, fulfilled by
/// the test, and the widget fetches the real challenge from the app.
/// </remarks>
[Collection(BrowserTests.Name)]
public sealed class AltchaWidgetTests(CommentApp app, Chromium chromium) : AppTest<CommentApp>(app), IClassFixture<CommentApp>
{
    public const string WidgetPath = "tests/Broadsheet.Tests/node_modules/altcha/dist/main/altcha.min.js";

    private const string Harness = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="csp-nonce" content="abc123"><title>harness</title><script type="module" src="/__altcha.js"></script></head><body>
        <form id="f"><altcha-widget id="w" challenge="/comments/challenge" auto="onload" name="altcha" workers="2" configuration='{"humanInteractionSignature":false,"minDuration":0,"hideFooter":true}'></altcha-widget></form>
        <script nonce="abc123">const w=document.getElementById('w');window.altchaDone=new Promise((resolve,reject)=>{w.addEventListener('verified',e=>resolve(e.detail.payload));w.addEventListener('statechange',e=>{if(e.detail.state==='error')reject(new Error('altcha error: '+w.querySelector('.altcha-error')?.title));});});</script></body></html>
        """;

    [Fact]
    public async Task The_official_widget_solves_our_challenge_and_the_form_accepts_its_payload_once()
    {
        var widget = Path.Combine(RepositoryFiles.Root, WidgetPath);
        Assert.True(File.Exists(widget),
            $"The official ALTCHA widget is missing at {widget}. Install the test's npm packages: scripts/install-test-deps.sh (npm ci in tests/Broadsheet.Tests).");
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);

        var payload = await SolveWithTheWidgetAsync(widget);

        using var commenter = new Commenter(App);
        var form = await commenter.FormAsync(article, "Solved by the official widget.", "Wendy Widget", "wendy@example.org");
        form["Altcha"] = payload;
        var response = await commenter.PostAsync(form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"The form refused the widget's payload ({(int)response.StatusCode}): {Commenter.Excerpt(await response.Content.ReadAsStringAsync())}");
        Assert.EndsWith($"{App.PathOf(article)}#comment-{Commenter.IdFrom(response)}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var stored = await App.CommentAsync(Commenter.IdFrom(response));
        Assert.Equal(CommentStatus.Approved, stored.Status);
        Assert.Null(stored.ModerationReason);

        // The same solution again, with other text: a replay, refused, and nothing saved.
        var replay = await commenter.FormAsync(article, "The same solution a second time.", "Wendy Widget", "wendy@example.org");
        replay["Altcha"] = payload;
        var refused = await commenter.PostAsync(replay);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The anti-spam check did not pass.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await App.CommentsOnAsync(article.Id));
    }

    private async Task<string> SolveWithTheWidgetAsync(string widget)
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString() });
        try
        {
            var errors = new List<string>();
            var origin = App.BaseAddress.GetLeftPart(UriPartial.Authority);
            await context.RouteAsync($"{origin}/__altcha-harness", route =>
                route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = Harness }));
            await context.RouteAsync($"{origin}/__altcha.js", route =>
                route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript; charset=utf-8", Path = widget }));
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (errors)
                    {
                        errors.Add(message.Text);
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (errors)
                {
                    errors.Add(error);
                }
            };
            await page.GotoAsync("/__altcha-harness");
            try
            {
                return await page.EvaluateAsync<string>(
                    "() => Promise.race([window.altchaDone, new Promise((_, reject) => setTimeout(() => reject(new Error('no verified event in 30 s')), 30000))])");
            }
            catch (PlaywrightException e)
            {
                lock (errors)
                {
                    throw new Xunit.Sdk.XunitException($"The widget did not solve our challenge: {e.Message}\nConsole: {string.Join("; ", errors)}");
                }
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
