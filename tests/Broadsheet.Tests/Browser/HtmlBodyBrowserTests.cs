using System.Collections.Concurrent;
using Broadsheet.Articles;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// HTML bodies (imported from WordPress) in Chromium: every payload of the XSS corpus stored as a body, through
/// the sanitizer as the importer stores it, must run nothing and fetch nothing from another host; an article with
/// figures, a gallery and tables must pass axe in light and dark and fit a phone.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class HtmlBodyBrowserTests(SqliteApp app, Chromium chromium) : AppTest<SqliteApp>(app), IClassFixture<SqliteApp>
{
    private const int PerArticle = 140;

    // Runs before any page script: records what a payload would do if it ever ran.
    private const string Sentinel = """
        window.__xss = 0;
        for (const name of ['alert', 'confirm', 'prompt', 'print']) {
          Object.defineProperty(window, name, { value: () => { window.__xss++; }, writable: false });
        }
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));
        """;

    private const string GalleryBody = """
        <p>The new harbour ferry made its first crossing on Monday morning.</p>
        <figure class="wp-block-image aligncenter"><img src="/demo/ferry.webp" alt="The ferry leaving the pier" width="1200" height="675"><figcaption>The first crossing, at dawn.</figcaption></figure>
        <h2>The crossing in pictures</h2>
        <figure class="gallery columns-3">
          <figure><img src="/demo/market.webp" alt="The market by the pier" width="1200" height="675"><figcaption>The market</figcaption></figure>
          <figure><img src="/demo/tram.webp" alt="A tram at the harbour stop" width="1200" height="675"><figcaption>The tram stop</figcaption></figure>
          <figure><img src="/demo/rain-over-river.webp" alt="Rain over the river" width="1200" height="675"></figure>
          <figcaption>Around the harbour on the first day.</figcaption>
        </figure>
        <figure class="alignleft"><img src="/demo/rowing.webp" alt="Rowers near the ferry" width="600" height="338"><figcaption>Rowers kept clear.</figcaption></figure>
        <p>Rowers kept their distance, and the harbour master said the lanes worked as planned.</p>
        <h3>Timetable</h3>
        <table><caption>Weekday departures</caption><thead><tr><th scope="col">Stop</th><th scope="col">First</th><th scope="col">Last</th><th scope="col">Every</th><th scope="col">Notes for passengers with bicycles and prams</th><th scope="col">Line code</th></tr></thead>
        <tbody><tr><td>Pier</td><td>06:30</td><td>23:10</td><td>20 minutes</td><td>Ramp on the north side of the pier, lift to the upper deck</td><td>HARBOUR-FERRY-LINE-ONE-WEEKDAYS</td></tr>
        <tr><td>Old town</td><td>06:45</td><td>23:25</td><td>20 minutes</td><td>Steps only; use the pier stop with a pram</td><td>HARBOUR-FERRY-LINE-ONE-WEEKDAYS</td></tr></tbody></table>
        <table><tr><th>Fare</th><th>Price</th></tr><tr><td>Single</td><td>2.40</td></tr></table>
        <blockquote><p>We have waited ten years for this boat.</p><cite>A commuter</cite></blockquote>
        <ul><li>Bicycles ride free<ul><li>Until March</li></ul></li><li>Dogs on a lead</li></ul>
        <pre><code>ferry --from pier --to old-town --depart 06:30 --repeat every-20-minutes-until-23:10-on-weekdays</code></pre>
        <p>Tickets from the <a href="https://example.org/tickets">operator</a> or the <code>kiosk</code>. <audio src="/media/horn.mp3"></audio></p>
        """;

    [Fact]
    public async Task Every_corpus_payload_stored_as_an_html_body_runs_nothing_and_fetches_nothing_from_another_host()
    {
        var payloads = XssCorpus.Load();
        var paths = new List<string>();
        for (var start = 0; start < payloads.Count; start += PerArticle)
        {
            // Each payload is a body of its own when it is imported: sanitized alone, then put side by side.
            var body = string.Concat(payloads.Skip(start).Take(PerArticle).Select(p => "<div>" + HtmlBody.Sanitize(p) + "</div>"));
            paths.Add(PathOf(await new ArticleBuilder().HtmlBody(body).SaveAsync(App)));
        }

        foreach (var path in paths)
        {
            await AssertNothingRunsAsync(path);
        }
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task An_html_article_with_figures_a_gallery_and_tables_has_no_accessibility_violations(ColorScheme scheme)
    {
        var path = PathOf(await new ArticleBuilder().HtmlBody(GalleryBody).WithImage().SaveAsync(App));
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        Assert.True((await page.GotoAsync(path))!.Ok);
        Assert.Equal(3, await page.Locator("article .body .gallery img").CountAsync());

        await Accessibility.AssertNoViolationsAsync(page, path);
    }

    [Fact]
    public async Task On_a_phone_a_wide_table_scrolls_in_its_own_box_and_the_page_does_not_scroll_sideways()
    {
        var path = PathOf(await new ArticleBuilder().HtmlBody(GalleryBody).SaveAsync(App));
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString(), ViewportSize = new() { Width = 320, Height = 700 } });
        var page = await context.NewPageAsync();
        Assert.True((await page.GotoAsync(path))!.Ok);

        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 320, "The page scrolls sideways.");
        var box = page.Locator(".table-scroll").First;
        Assert.True(await box.EvaluateAsync<bool>("b => b.scrollWidth > b.clientWidth"), "The wide table does not scroll in its box.");
        // A keyboard reaches the box to scroll it.
        await box.FocusAsync();
        Assert.True(await box.EvaluateAsync<bool>("b => document.activeElement === b"));
        // Text does not squeeze beside a floated figure on a phone.
        Assert.Equal("none", await page.Locator(".body .alignleft").EvaluateAsync<string>("e => getComputedStyle(e).float"));
    }

    /// <summary>Loads the page with the sentinel in place and every request watched, then checks nothing ran or left the site.</summary>
    private async Task AssertNothingRunsAsync(string path)
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString() });
        await context.AddInitScriptAsync(Sentinel);
        var offSite = new ConcurrentQueue<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != App.BaseAddress.Authority)
            {
                offSite.Enqueue(route.Request.Url);
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });
        var page = await context.NewPageAsync();
        var dialogs = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) => errors.Enqueue(error);
        page.Console += (_, message) =>
        {
            // A payload's image with a made-up address ("x") asks this site for it and gets a 404: nothing runs.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 404", StringComparison.Ordinal))
            {
                errors.Enqueue(message.Text);
            }
        };

        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(response!.Ok, $"{path} answered {response.Status}");
        // Give a payload that waits for an event (focus, load of a broken image, animation) its moment.
        await page.Keyboard.PressAsync("Tab");
        await page.Mouse.MoveAsync(200, 300);
        await page.WaitForTimeoutAsync(300);

        Assert.True(dialogs.IsEmpty, $"{path}: a payload opened dialogs: {string.Join("; ", dialogs)}");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__xss"));
        var refused = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.True(refused.Length == 0, $"{path}: the Content-Security-Policy refused something a payload injected: {string.Join("; ", refused)}");
        Assert.True(offSite.IsEmpty, $"{path}: the page asked another host for {string.Join(", ", offSite.Take(10))}");
        Assert.True(errors.IsEmpty, $"{path}: console errors: {string.Join("; ", errors.Take(10))}");
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('article .body *')].filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on') || a.name === 'style')).length"));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "() => [...document.scripts].filter(s => !(s.type === 'application/ld+json' || new URL(s.src || 'about:blank').pathname.startsWith('/js/'))).length"));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('article .body [href], article .body [src]')].filter(e => /^\\s*(javascript|vbscript|data):/i.test(e.getAttribute('href') ?? e.getAttribute('src'))).length"));
        Assert.Equal(0, await page.Locator("article .body iframe, article .body object, article .body embed, article .body form, article .body svg").CountAsync());
    }

    private string PathOf(Article article) =>
        App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
}
