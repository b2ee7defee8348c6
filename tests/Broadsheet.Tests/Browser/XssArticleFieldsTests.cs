using System.Text.Json;
using System.Text.RegularExpressions;
using Broadsheet.Tests.Feeds;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Broadsheet.Tests.Browser.XssProbe;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// The XSS corpus typed by the newsroom into every article field, author profile, section name and the site
/// title (see <see cref="XssSite"/>) shows on the public pages as the literal text it is and runs nothing;
/// the raw HTML never carries a payload unencoded. The Markdown body turns raw HTML into text and drops
/// unsafe link targets, so there the check is that nothing runs and nothing of the payload became markup.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class XssArticleFieldsTests(XssSite site, Chromium chromium) : AppTest<XssSite>(site), IClassFixture<XssSite>, IAsyncDisposable
{
    private readonly ReaderContexts readers = new(chromium, site.BaseAddress);

    private const string ReadArticle = """
        () => JSON.stringify({
          title: document.title,
          siteTitle: document.querySelector('.site-title')?.textContent ?? null,
          headline: document.querySelector('h1')?.textContent ?? null,
          standfirst: document.querySelector('.story-head .standfirst')?.textContent ?? null,
          kicker: document.querySelector('.story-head .kicker a')?.textContent ?? null,
          bylines: [...document.querySelectorAll('.byline a')].map(a => a.textContent),
          alt: document.querySelector('figure.featured img')?.getAttribute('alt') ?? null,
          caption: document.querySelector('figure.featured figcaption')?.textContent ?? null,
          credit: document.querySelector('figure.featured .credit')?.textContent ?? null,
          tags: [...document.querySelectorAll('nav.tags a')].map(a => a.textContent),
          body: [...document.querySelectorAll('.story .body *')].map(e => e.tagName + '[' + [...e.attributes].map(a => a.name).sort().join(',') + ']'),
          targets: [...document.querySelectorAll('.story .body [href], .story .body [src]')].map(e => e.href || e.src),
        })
        """;

    private const string ReadList = """
        () => JSON.stringify({
          title: document.title,
          siteTitle: document.querySelector('.site-title')?.textContent ?? null,
          heading: document.querySelector('h1')?.textContent ?? null,
          standfirst: document.querySelector('.list-head .standfirst')?.textContent ?? null,
          menu: [...document.querySelectorAll('nav.sections a')].map(a => a.textContent),
          cards: [...document.querySelectorAll('li.card')].map(c => ({
            headline: c.querySelector('h3')?.textContent ?? null,
            standfirst: c.querySelector('.standfirst')?.textContent ?? null,
            alt: c.querySelector('img')?.getAttribute('alt') ?? null,
            kicker: c.querySelector('.kicker a')?.textContent ?? null,
          })),
        })
        """;

    [Fact]
    public async Task Every_corpus_payload_in_article_fields_profiles_sections_and_the_site_title_shows_as_literal_text_on_public_pages_and_runs_nothing()
    {
        var problems = new List<string>();
        var probe = await XssProbe.OpenAsync(await readers.NewAsync());
        var siteTitle = App.SiteTitle;

        // One archive page lists every carrier: headlines, standfirsts, image alt text and section names on cards.
        var cards = new Dictionary<string, JsonElement>();
        JsonElement archive = default;
        foreach (var path in App.ArchivePages)
        {
            archive = await probe.VisitAsync(path, ReadList);
            await CheckRawHtmlAsync(path, App.Articles.SelectMany(a => new[] { a.Headline, a.Standfirst, a.ImageAlt, a.Section }), problems);
            foreach (var card in archive.GetProperty("cards").EnumerateArray())
            {
                cards[Visible(card.GetProperty("headline").GetString())] = card;
            }
        }

        foreach (var article in App.Articles)
        {
            if (!cards.TryGetValue(Visible(article.Headline), out var card))
            {
                problems.Add($"{App.ArchivePath}: no card shows the headline {JsonSerializer.Serialize(article.Headline)}");
                continue;
            }

            Expect(problems, $"{App.ArchivePath} card standfirst", article.Standfirst, card.GetProperty("standfirst").GetString());
            Expect(problems, $"{App.ArchivePath} card image alt", article.ImageAlt, card.GetProperty("alt").GetString());
            Expect(problems, $"{App.ArchivePath} card section", article.Section, card.GetProperty("kicker").GetString());
        }

        // Every section name is in every page's menu.
        var menu = archive.GetProperty("menu").EnumerateArray().Select(m => Visible(m.GetString())).ToHashSet();
        problems.AddRange(App.Sections.Where(s => !menu.Contains(Visible(s.Name))).Select(s => $"menu: no section shows as {JsonSerializer.Serialize(s.Name)}"));
        Expect(problems, $"{App.ArchivePath} site title", siteTitle, archive.GetProperty("siteTitle").GetString());

        foreach (var article in App.Articles)
        {
            var shown = await probe.VisitAsync(article.Path, ReadArticle);
            var where = $"{article.Path}";
            Expect(problems, $"{where} title", $"{article.Headline} – {siteTitle}", shown.GetProperty("title").GetString());
            Expect(problems, $"{where} headline", article.Headline, shown.GetProperty("headline").GetString());
            Expect(problems, $"{where} standfirst", article.Standfirst, shown.GetProperty("standfirst").GetString());
            Expect(problems, $"{where} section", article.Section, shown.GetProperty("kicker").GetString());
            Expect(problems, $"{where} image alt", article.ImageAlt, shown.GetProperty("alt").GetString());
            Expect(problems, $"{where} caption", $"{article.ImageCaption} {article.ImageCredit}", shown.GetProperty("caption").GetString());
            Expect(problems, $"{where} credit", article.ImageCredit, shown.GetProperty("credit").GetString());
            Expect(problems, $"{where} bylines", string.Join(" | ", article.Authors.Select(Visible)), string.Join(" | ", shown.GetProperty("bylines").EnumerateArray().Select(b => Visible(b.GetString()))));
            Expect(problems, $"{where} tags", string.Join(" | ", article.Tags.Select(Visible).Order(StringComparer.Ordinal)),
                string.Join(" | ", shown.GetProperty("tags").EnumerateArray().Select(t => Visible(t.GetString())).Order(StringComparer.Ordinal)));
            CheckBody(problems, where, shown);
            await CheckRawHtmlAsync(article.Path,
                [article.Headline, article.Standfirst, article.ImageAlt, article.ImageCaption, article.ImageCredit, article.Section, siteTitle, .. article.Tags, .. article.Authors,
                 .. article.Body == "A paragraph of plain text." ? [] : App.Payloads],
                problems);
        }

        // Biographies show on the author pages: the first author of each pack of biographies.
        foreach (var author in App.Authors.DistinctBy(a => a.Bio))
        {
            var path = $"/author/{author.Slug}";
            var shown = await probe.VisitAsync(path, ReadList);
            Expect(problems, $"{path} name", author.Name, shown.GetProperty("heading").GetString());
            Expect(problems, $"{path} biography", author.Bio, shown.GetProperty("standfirst").GetString());
            await CheckRawHtmlAsync(path, [author.Name, author.Bio], problems);
        }

        foreach (var (name, slug) in App.Sections.Take(3).Append(App.Sections[^1]))
        {
            var shown = await probe.VisitAsync($"/section/{slug}", ReadList);
            Expect(problems, $"/section/{slug} name", name, shown.GetProperty("heading").GetString());
            await CheckRawHtmlAsync($"/section/{slug}", [name], problems);
        }

        foreach (var (name, slug) in App.Tags.Take(3))
        {
            var shown = await probe.VisitAsync($"/tag/{slug}", ReadList);
            Expect(problems, $"/tag/{slug} name", name, shown.GetProperty("heading").GetString());
            await CheckRawHtmlAsync($"/tag/{slug}", [name], problems);
        }

        var home = await probe.VisitAsync("/", ReadList);
        Expect(problems, "/ site title", siteTitle, home.GetProperty("siteTitle").GetString());

        probe.AssertNothingRan();
        Assert.True(problems.Count == 0, $"{problems.Count} fields did not show as literal text:\n{string.Join("\n", problems.Take(25))}");
        readers.AssertNoConsoleErrors();
    }

    /// <summary>Each value of the site title (one change at a time, as Settings saves it) is encoded text on a page.</summary>
    [Fact]
    public async Task Every_corpus_payload_as_the_site_title_is_encoded_text_on_the_pages()
    {
        var problems = new List<string>();
        var tag = App.Tags[0].Slug;
        try
        {
            foreach (var title in App.SiteTitles)
            {
                await App.SetSiteTitleAsync(title);
                var page = Html.Parse(await CheckRawHtmlAsync($"/tag/{tag}", [title], problems));
                Expect(problems, "site title", title, page.QuerySelector(".site-title")!.TextContent);
                Expect(problems, "document title", $"{App.Tags[0].Name} – {title}", page.Title);
            }
        }
        finally
        {
            await App.SetSiteTitleAsync(App.SiteTitles[0]);
        }

        Assert.True(problems.Count == 0, $"{problems.Count} site titles did not show as literal text:\n{string.Join("\n", problems.Take(25))}");
    }

    [Fact]
    public async Task Every_corpus_payload_in_article_fields_is_text_to_feedparser_in_rss_and_atom()
    {
        var problems = new List<string>();
        var feeds = new List<(string Path, byte[] Bytes, string ContentType, XssSite.Carrier Article)>();
        foreach (var article in App.Articles)
        {
            var section = App.Sections.First(s => s.Name == article.Section).Slug;
            foreach (var path in new[] { $"/section/{section}/feed", $"/section/{section}/feed/atom" })
            {
                using var response = await Client.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
                feeds.Add((path, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType!.ToString(), article));
            }
        }

        var parsed = FeedBatch.Parse(feeds.Select(f => (f.Bytes, f.ContentType)).ToList());
        for (var i = 0; i < feeds.Count; i++)
        {
            var (path, _, _, article) = feeds[i];
            Assert.True(parsed[i].GetProperty("bozo").GetInt32() == 0, $"{path}: {parsed[i].GetProperty("bozo_exception")}");
            var entry = Assert.Single(parsed[i].GetProperty("entries").EnumerateArray());
            ExpectFeedText(problems, $"{path} title", parsed[i], entry.GetProperty("title_type").GetString(), article.Headline, entry.GetProperty("title").GetString(), rssTitle: true);
            ExpectFeedText(problems, $"{path} summary", parsed[i], entry.GetProperty("summary_type").GetString(), article.Standfirst, entry.GetProperty("summary").GetString());
            var terms = entry.GetProperty("tags").EnumerateArray().Select(t => Visible(t.GetString())).ToHashSet();
            foreach (var term in article.Tags.Append(article.Section).Where(t => !terms.Contains(Visible(t))))
            {
                problems.Add($"{path}: no category reads {JsonSerializer.Serialize(term)}");
            }

            // Atom's author names are text; RSS's dc:creator is as ambiguous as its titles.
            var authors = entry.GetProperty("authors").EnumerateArray().Select(a => Visible(a.GetString())).ToHashSet();
            foreach (var author in article.Authors.Where(a => path.EndsWith("/atom", StringComparison.Ordinal) && !authors.Contains(Visible(a))))
            {
                problems.Add($"{path}: no author reads {JsonSerializer.Serialize(author)}");
            }

            if (!Visible(parsed[i].GetProperty("title").GetString()).Contains(Visible(article.Section), StringComparison.Ordinal))
            {
                problems.Add($"{path}: the feed title {parsed[i].GetProperty("title")} does not read {JsonSerializer.Serialize(article.Section)}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} fields were not text to feedparser:\n{string.Join("\n", problems.Take(25))}");
    }

    private const string ReadEditor = """
        () => JSON.stringify({
          headline: document.querySelector('[name="Input.Headline"]').value,
          standfirst: document.querySelector('[name="Input.Standfirst"]').value,
          tags: document.querySelector('[name="Input.Tags"]').value,
          alt: document.querySelector('[name="Input.ImageAlt"]')?.value ?? null,
          caption: document.querySelector('[name="Input.ImageCaption"]')?.value ?? null,
          credit: document.querySelector('[name="Input.ImageCredit"]')?.value ?? null,
          section: document.querySelector('[name="Input.SectionId"] option:checked').textContent,
          sections: [...document.querySelectorAll('[name="Input.SectionId"] option')].map(o => o.textContent),
        })
        """;

    [Fact]
    public async Task Every_corpus_payload_shows_as_literal_text_in_the_newsroom_list_editor_preview_and_revisions_and_runs_nothing()
    {
        var problems = new List<string>();
        // Two saves through the editor's form, with payloads in the headline, standfirst and body: a revision to compare.
        using var editor = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Editor);
        var headlines = XssSite.Pack(App.Payloads, 300);
        var standfirsts = XssSite.Pack(App.Payloads, 1000);
        var form = await NewsroomArticles.FormAsync(App, headlines[0]);
        form["Input.Standfirst"] = standfirsts[0];
        form["Input.Body"] = string.Join("\n\n", App.Payloads);
        var revised = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        form["Input.Headline"] = headlines[1];
        form["Input.Standfirst"] = standfirsts[1];
        form["Input.Body"] = string.Join("\n\n", App.Payloads.Reverse());
        await NewsroomArticles.SaveAndGetIdAsync(editor, revised, form);

        var context = await readers.NewAsync();
        var probe = await XssProbe.OpenAsync(context);
        await probe.Page.GotoAsync("/newsroom/signin");
        await probe.Page.FillAsync("[name='Input.Email']", editor.Email);
        await probe.Page.FillAsync("[name='Input.Password']", editor.Password);
        await probe.Page.ClickAsync("button[type=submit]");
        // The address alone, not the page's load event (which a slow image under the suite's load could hold back);
        // if the sign-in was refused, the failure names the address the browser is on.
        await Assertions.Expect(probe.Page).ToHaveURLAsync(new Regex("/newsroom$"), new() { Timeout = 30_000 });

        var listed = new HashSet<string>();
        for (var page = 1; page <= 20; page++)
        {
            var rows = await probe.VisitAsync($"/newsroom/articles?page={page}", "() => JSON.stringify([...document.querySelectorAll('tbody tr td:first-child a')].map(a => a.textContent))");
            listed.UnionWith(rows.EnumerateArray().Select(r => Visible(r.GetString())));
            if (rows.GetArrayLength() == 0)
            {
                break;
            }
        }

        problems.AddRange(App.Articles.Where(a => !listed.Contains(Visible(a.Headline))).Select(a => $"article list ({listed.Count} rows): no row shows {JsonSerializer.Serialize(a.Headline)}; first rows: {string.Join(" | ", listed.Take(3))}"));

        foreach (var article in App.Articles.Take(4))
        {
            var path = $"/newsroom/articles/edit/{article.Id}";
            var shown = await probe.VisitAsync(path, ReadEditor);
            Expect(problems, $"{path} headline", OneLine(article.Headline), OneLine(shown.GetProperty("headline").GetString()));
            Expect(problems, $"{path} standfirst", OneLine(article.Standfirst), OneLine(shown.GetProperty("standfirst").GetString()));
            Expect(problems, $"{path} tags", OneLine(string.Join(", ", article.Tags)), OneLine(shown.GetProperty("tags").GetString()));
            Expect(problems, $"{path} image alt", OneLine(article.ImageAlt), OneLine(shown.GetProperty("alt").GetString()));
            Expect(problems, $"{path} caption", OneLine(article.ImageCaption), OneLine(shown.GetProperty("caption").GetString()));
            Expect(problems, $"{path} credit", OneLine(article.ImageCredit), OneLine(shown.GetProperty("credit").GetString()));
            Expect(problems, $"{path} section", OneLine(article.Section), OneLine(shown.GetProperty("section").GetString()));
            var sections = shown.GetProperty("sections").EnumerateArray().Select(o => Visible(o.GetString())).ToHashSet();
            problems.AddRange(App.Sections.Where(s => !sections.Contains(Visible(s.Name))).Select(s => $"{path}: no section option reads {JsonSerializer.Serialize(s.Name)}"));
            await CheckRawHtmlAsync(editor.Http, path, [article.Headline, article.Standfirst, article.ImageAlt, article.ImageCaption, article.ImageCredit, article.Section, .. article.Tags], problems);
        }

        // The preview as the editor's script fetches it while the writer types: the corpus as paragraphs and as link targets.
        foreach (var body in new[] { App.Articles[0].Body, App.Articles[1].Body })
        {
            var done = $"Preview {Guid.NewGuid():N}";
            await probe.VisitAsync($"/newsroom/articles/edit/{revised}", "() => '{}'");
            // As typing would end: the whole text in place, then one input event (filling 170 KB key by key takes minutes).
            await probe.Page.EvalOnSelectorAsync("[name='Input.Body']", "(body, text) => { body.value = text; body.dispatchEvent(new Event('input', { bubbles: true })); }", body + "\n\n" + done);
            await probe.Page.WaitForFunctionAsync($"() => document.getElementById('preview').textContent.includes('{done}')");
            await probe.CheckNothingRanAsync("live preview");
            CheckBody(problems, "live preview", JsonDocument.Parse(await probe.Page.EvaluateAsync<string>(ReadPreview)).RootElement);
        }

        await probe.VisitAsync($"/newsroom/articles/edit/{revised}", "() => '{}'");
        CheckBody(problems, "preview", JsonDocument.Parse(await probe.Page.EvaluateAsync<string>(ReadPreview)).RootElement);
        var diff = await probe.VisitAsync($"/newsroom/articles/{revised}/revisions", "() => JSON.stringify(document.querySelector('main').textContent)");
        foreach (var word in new[] { headlines[0], headlines[1] }.SelectMany(h => h.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Contains('<', StringComparison.Ordinal)).Take(50))
        {
            if (!Visible(diff.GetString()).Contains(Visible(word), StringComparison.Ordinal))
            {
                problems.Add($"revisions: the word {JsonSerializer.Serialize(word)} does not show as text");
            }
        }

        probe.AssertNothingRan();
        Assert.True(problems.Count == 0, $"{problems.Count} fields did not show as literal text:\n{string.Join("\n", problems.Take(25))}");
    }

    private const string ReadPreview = """
        () => JSON.stringify({
          body: [...document.querySelectorAll('#preview *')].map(e => e.tagName + '[' + [...e.attributes].map(a => a.name).sort().join(',') + ']'),
          targets: [...document.querySelectorAll('#preview [href], #preview [src]')].map(e => e.href || e.src),
        })
        """;

    /// <summary>Nothing of a Markdown body may become script, a handler or an unsafe link target.</summary>
    private static void CheckBody(List<string> problems, string where, JsonElement shown)
    {
        string[] unsafeElements = ["SCRIPT", "IFRAME", "FRAME", "OBJECT", "EMBED", "STYLE", "LINK", "META", "BASE", "FORM", "INPUT", "BUTTON", "TEXTAREA", "SELECT", "SVG", "MATH", "VIDEO", "AUDIO", "SOURCE", "TEMPLATE"];
        string[] safeAttributes = ["href", "src", "alt", "title", "rel", "id", "class", "start", "align"];
        foreach (var shape in shown.GetProperty("body").EnumerateArray().Select(s => s.GetString()!).Distinct())
        {
            var name = shape[..shape.IndexOf('[', StringComparison.Ordinal)];
            var attributes = shape[(name.Length + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (unsafeElements.Contains(name.ToUpperInvariant()) || attributes.Any(a => !safeAttributes.Contains(a)))
            {
                problems.Add($"{where} body: a payload became markup: {shape}");
            }
        }

        foreach (var target in shown.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!))
        {
            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "mailto"))
            {
                problems.Add($"{where} body: a link or image goes to {JsonSerializer.Serialize(target)}");
            }
        }
    }

    /// <summary>Fetches the raw HTML and notes every payload (of those packed into <paramref name="values"/>) that is in it unencoded.</summary>
    private Task<string> CheckRawHtmlAsync(string path, IEnumerable<string> values, List<string> problems) =>
        CheckRawHtmlAsync(Client, path, values, problems);

    private static async Task<string> CheckRawHtmlAsync(HttpClient client, string path, IEnumerable<string> values, List<string> problems)
    {
        var html = await client.GetStringAsync(path);
        foreach (var payload in values.SelectMany(v => v.Split(XssSite.Separator)).Where(p => p.Contains('<', StringComparison.Ordinal)).Distinct())
        {
            if (html.Contains(payload, StringComparison.Ordinal))
            {
                problems.Add($"{path}: the raw HTML carries the payload unencoded: {JsonSerializer.Serialize(payload)}");
            }
        }

        return html;
    }

    /// <summary>
    /// Atom says its titles and summaries are text (type="text"), so feedparser must read each payload back
    /// exactly. An RSS description is HTML, so the text it renders to must be the payload. An RSS title cannot
    /// say what it is: feedparser reads one as HTML when it looks like harmless HTML (and renders it), as many
    /// readers do, which no feed can prevent; only the RSS titles it read as text are compared.
    /// </summary>
    private static void ExpectFeedText(List<string> problems, string where, JsonElement feed, string? type, string expected, string? shown, bool rssTitle = false)
    {
        if (type == "text/html")
        {
            if (rssTitle && !feed.GetProperty("version").GetString()!.StartsWith("atom", StringComparison.Ordinal))
            {
                return;
            }

            shown = Html.Parse($"<body>{shown}").Body!.TextContent;
        }

        Expect(problems, where, expected, shown);
    }

    /// <summary>A one-line input cannot hold a line break (the browser drops it), so editor fields compare without them.</summary>
    private static string OneLine(string? text) => (text ?? "").Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);

    private static void Expect(List<string> problems, string where, string? expected, string? shown)
    {
        var (want, got) = (Visible(expected), Visible(shown));
        if (want != got)
        {
            var at = Enumerable.Range(0, Math.Min(want.Length, got.Length)).FirstOrDefault(i => want[i] != got[i], Math.Min(want.Length, got.Length));
            problems.Add($"{where} shows {JsonSerializer.Serialize(got[at..Math.Min(got.Length, at + 80)])} where it should show {JsonSerializer.Serialize(want[at..Math.Min(want.Length, at + 80)])} (from character {at} of {JsonSerializer.Serialize(expected)})");
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => readers.DisposeAsync();
}
