using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// Every payload of the shared XSS corpus (OWASP's cheat sheet, DOMPurify's and HtmlSanitizer's fixtures), posted
/// as a comment's text, name and website, must show in the browser as the literal text it is and run nothing.
/// The site's Content-Security-Policy would block most injected script anyway, so the test also checks what
/// the policy cannot hide: that no payload became markup, and that the policy never had to refuse anything.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class XssCorpusTests : AppTest<CommentApp>, IClassFixture<CommentApp>, IAsyncDisposable
{
    /// <summary>About 140 comments a page: the corpus is spread over four articles.</summary>
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

    // What each rendered comment holds: its text as a reader sees it, and the shape of the markup around it.
    private const string ReadComments = """
        () => JSON.stringify([...document.querySelectorAll('li.comment')].map(li => {
          const body = li.querySelector(':scope > article .comment-body');
          const author = li.querySelector(':scope > article .comment-author');
          const shape = el => [...el.querySelectorAll('*')].map(e => e.tagName + '[' + [...e.attributes].map(a => a.name).sort().join(',') + ']');
          const link = author.querySelector('a');
          return {
            id: li.id,
            body: body.innerText,
            author: author.innerText,
            bodyShape: shape(body),
            authorShape: shape(author),
            bodyLinks: [...body.querySelectorAll('a')].map(a => a.getAttribute('href')),
            website: link ? link.getAttribute('href') : null,
            websiteHost: link ? link.hostname : null,
            held: li.classList.contains('held'),
            awaiting: li.querySelector('.awaiting')?.innerText ?? null,
          };
        }))
        """;

    private static readonly HashSet<string> BodyShapes = ["P[]", "BR[]", "A[href,rel]"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ReaderContexts readers;

    public XssCorpusTests(CommentApp app, Chromium chromium) : base(app) =>
        readers = new ReaderContexts(chromium, app.BaseAddress);

    private sealed record Posted(int Id, int ArticleId, int Index, string Payload, string Name, string Website);

    private sealed record Rendered(
        string Id, string Body, string Author, string[] BodyShape, string[] AuthorShape, string[] BodyLinks,
        string? Website, string? WebsiteHost, bool Held, string? Awaiting);

    [Fact]
    public async Task Every_corpus_payload_shows_as_literal_text_in_comments_and_runs_nothing()
    {
        var payloads = XssCorpus.Load();
        // Every comment of an article on its first page, where the checks below look for them.
        await App.SetDiscussionAsync(p => p.CommentsPerPage = PerArticle);
        using var commenter = new Commenter(App);
        var articles = new List<Article>();
        var posted = new List<Posted>();
        Commenter.State? state = null;
        for (var i = 0; i < payloads.Count; i++)
        {
            if (i % PerArticle == 0)
            {
                articles.Add(await new ArticleBuilder().SaveAsync(App));
            }

            // One token and form stamp serve every post of this reader.
            state ??= await commenter.StateAsync(articles[0].Id);
            posted.Add((await PostPayloadAsync(commenter, state, articles[^1], i, payloads[i])).Item);
        }

        // Posted without the page's check, and some with many links: all wait for a moderator, who approves them.
        await ApproveAsync(articles);

        foreach (var article in articles)
        {
            var expected = posted.Where(p => p.ArticleId == article.Id).ToList();
            var rendered = await RenderAsync(await readers.NewAsync(), App.PathOf(article), expected.Count);
            AssertLiteral(expected, rendered, held: false);
        }

        Assert.True(posted.Any(p => p.Website.Length > 0), "No payload went into a website address.");
        readers.AssertNoConsoleErrors();
    }

    /// <summary>A reader's own held comments are added by the page's script (from server-made HTML): the other way in.</summary>
    [Fact]
    public async Task Held_comments_added_by_the_page_script_show_payloads_as_literal_text_to_their_author()
    {
        var payloads = XssCorpus.Load();
        var article = await new ArticleBuilder().SaveAsync(App);
        using var commenter = new Commenter(App);
        var posted = new List<Posted>();
        var state = await commenter.StateAsync(article.Id);
        string? heldCookie = null;

        // The held-comments cookie keeps a reader's last 20: a spread of the corpus.
        for (var n = 0; n < 20; n++)
        {
            var index = n * payloads.Count / 20;
            var (item, cookie) = await PostPayloadAsync(commenter, state, article, index, payloads[index]);
            posted.Add(item);
            heldCookie = cookie ?? heldCookie;
        }

        Assert.NotNull(heldCookie);
        var context = await readers.NewAsync();
        // The reader's cookies as the server set them: the held ids, and the hint that makes the page ask for them.
        await context.AddCookiesAsync(
        [
            new() { Name = CommentCookies.HeldName, Value = heldCookie, Url = App.BaseAddress.ToString() },
            new() { Name = CommentCookies.HeldHintName, Value = "1", Url = App.BaseAddress.ToString() },
        ]);

        var rendered = await RenderAsync(context, App.PathOf(article), posted.Count);

        AssertLiteral(posted, rendered, held: true);
        readers.AssertNoConsoleErrors();
    }

    /// <summary>Posts the payload as a reader without script would; returns it and the held-comments cookie set.</summary>
    private static async Task<(Posted Item, string? HeldCookie)> PostPayloadAsync(
        Commenter commenter, Commenter.State state, Article article, int index, string payload)
    {
        if (payload.Contains('\0', StringComparison.Ordinal))
        {
            // ASP.NET Core's form reader refuses %00 in a form body outright, so nothing of such a post is saved
            // (or shown); a page's HTML parser drops NUL anyway. The rest of the payload is posted without it.
            var refused = await commenter.PostAsync(Form(state, article, index, payload));
            Assert.True((int)refused.StatusCode is >= 400 and < 500,
                $"Payload {index + 1}, with NUL, answered {(int)refused.StatusCode}: {refused.Headers.Location}");
            payload = payload.Replace("\0", "", StringComparison.Ordinal);
        }

        var form = Form(state, article, index, payload);
        var response = await commenter.PostAsync(form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Payload {index + 1} was refused ({(int)response.StatusCode}: {Commenter.Excerpt(html)}):\n{payload}");
        }

        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith(CommentCookies.HeldName + "=", StringComparison.Ordinal))
                .Select(c => c[(CommentCookies.HeldName.Length + 1)..]).LastOrDefault()
            : null;
        // What the reader should see: the text as the server keeps it (control characters, which no one
        // types, dropped; a line break in a one-line field shown as a space).
        return (new Posted(Commenter.IdFrom(response), article.Id, index, XssCorpus.Tidied(payload), XssCorpus.TidiedLine(form["Name"]), XssCorpus.TidiedLine(form["Website"])), cookie);
    }

    /// <summary>The payload as the comment, the name (as much as a name may hold) and, where the form takes it, in the website.</summary>
    private static Dictionary<string, string> Form(Commenter.State state, Article article, int index, string payload) => new()
    {
        ["__RequestVerificationToken"] = state.Token,
        ["Stamp"] = state.Stamp,
        ["ArticleId"] = article.Id.ToString(CultureInfo.InvariantCulture),
        ["ParentId"] = "",
        ["Comment"] = payload,
        ["Name"] = NameFor(payload),
        // A different address for each: the duplicate check is per name or email and text.
        ["Email"] = $"xss-{index}@example.org",
        ["Website"] = WebsiteFor(payload),
        ["Trap"] = "",
        ["Altcha"] = "",
    };

    private async Task ApproveAsync(List<Article> articles) => await App.WithDbAsync(async (db, services) =>
    {
        var ids = articles.Select(a => a.Id).ToList();
        await db.Comments.Where(c => ids.Contains(c.ArticleId))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Approved));
        foreach (var id in ids)
        {
            await services.GetRequiredService<PageCacheEviction>().CommentsChangedAsync(id, CancellationToken.None);
        }

        return 0;
    });

    /// <summary>Loads the page with the sentinel in place, checks nothing ran, and reads every comment as shown.</summary>
    private static async Task<List<Rendered>> RenderAsync(IBrowserContext context, string path, int count)
    {
        await context.AddInitScriptAsync(Sentinel);
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(response!.Ok, $"{path} answered {response.Status}");
        await Expect(page.Locator("li.comment")).ToHaveCountAsync(count);
        var rendered = JsonSerializer.Deserialize<List<Rendered>>(await page.EvaluateAsync<string>(ReadComments), Json)!;

        lock (dialogs)
        {
            Assert.True(dialogs.Count == 0, $"{path}: a payload opened dialogs: {string.Join("; ", dialogs)}");
        }

        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__xss"));
        var refused = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.True(refused.Length == 0, $"{path}: the Content-Security-Policy refused something a payload injected: {string.Join("; ", refused)}");
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length"));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "() => [...document.scripts].filter(s => !(s.type === 'application/ld+json' || new URL(s.src || 'about:blank').pathname.startsWith('/js/'))).length"));
        return rendered;
    }

    private static void AssertLiteral(List<Posted> expected, List<Rendered> rendered, bool held)
    {
        var shown = rendered.ToDictionary(r => r.Id);
        var problems = new List<string>();
        foreach (var item in expected)
        {
            var where = $"payload {item.Index + 1} {JsonSerializer.Serialize(item.Payload)}";
            if (!shown.TryGetValue($"comment-{item.Id}", out var comment))
            {
                problems.Add($"{where}: comment {item.Id} is not on the page");
                continue;
            }

            if (XssProbe.Visible(comment.Body) != XssProbe.Visible(item.Payload))
            {
                problems.Add($"{where}: text shows as {JsonSerializer.Serialize(comment.Body)}");
            }

            if (XssProbe.Visible(comment.Author) != XssProbe.Visible(item.Name))
            {
                problems.Add($"{where}: name shows as {JsonSerializer.Serialize(comment.Author)}");
            }

            if (comment.BodyShape.FirstOrDefault(s => !BodyShapes.Contains(s)) is { } odd)
            {
                problems.Add($"{where}: the text became markup ({odd})");
            }

            // What follows the scheme may not be a valid address (then the link goes nowhere), but the scheme is http(s).
            if (comment.BodyLinks.FirstOrDefault(href => !href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    && !href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) is { } link)
            {
                problems.Add($"{where}: a link in the text goes to {JsonSerializer.Serialize(link)}");
            }

            if (held)
            {
                if (!comment.Held || comment.Awaiting != "Your comment is awaiting moderation.")
                {
                    problems.Add($"{where}: not shown as the reader's held comment");
                }
            }
            // The name is isolated (bdi) against bidi controls; nothing else may wrap it.
            else if (item.Website.Length == 0 ? comment.AuthorShape is not ["BDI[]"] : comment.AuthorShape is not ["A[href,rel]", "BDI[]"])
            {
                problems.Add($"{where}: the name became markup ({string.Join(" ", comment.AuthorShape)})");
            }
            else if (item.Website.Length > 0 && (comment.WebsiteHost != "example.org" || XssProbe.Visible(comment.Website!) != XssProbe.Visible(item.Website)))
            {
                problems.Add($"{where}: the website link goes to {JsonSerializer.Serialize(comment.Website)}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {expected.Count} payloads did not show as literal text:\n" + string.Join("\n", problems.Take(25)));
    }

    /// <summary>The payload as a name, which may be at most 100 characters: its first 100, never half a surrogate pair.</summary>
    private static string NameFor(string payload)
    {
        var name = payload.Trim();
        var length = Math.Min(name.Length, 100);
        if (length < name.Length && char.IsHighSurrogate(name[length - 1]))
        {
            length--;
        }

        return name[..length];
    }

    /// <summary>The payload itself when it is an http(s) address the form takes; otherwise inside one, where it fits.</summary>
    private static string WebsiteFor(string payload)
    {
        if (IsAcceptedWebsite(payload))
        {
            return payload;
        }

        var inAddress = "https://example.org/?q=" + payload.Trim();
        return IsAcceptedWebsite(inAddress) ? inAddress : "";
    }

    private static bool IsAcceptedWebsite(string website) =>
        !new CommentInput { Comment = "x", Name = "x", Email = "x@example.org", Website = website }.Validate(int.MaxValue).ContainsKey(nameof(CommentInput.Website));


    ValueTask IAsyncDisposable.DisposeAsync() => readers.DisposeAsync();
}

/// <summary>The shared XSS corpus: <c>shared/corpora/xss/payloads.txt</c>, beside the repository.</summary>
public static class XssCorpus
{
    public const string RelativePath = "shared/corpora/xss/payloads.txt";

    public static string Tidied(string payload)
    {
        var input = new CommentInput { Comment = payload.Replace("\0", "", StringComparison.Ordinal) };
        input.Normalize();
        return input.Comment!.Trim();
    }

    public static string TidiedLine(string value)
    {
        var input = new CommentInput { Name = value };
        input.Normalize();
        return input.Name!.Trim();
    }

    /// <summary>Every payload, unescaped as the file's header describes. Fails the test when the file is missing.</summary>
    public static IReadOnlyList<string> Load()
    {
        var path = RepositoryFiles.FindUpwards(RelativePath);
        Assert.True(path is not null,
            $"The XSS corpus is missing: no {RelativePath} in any folder above {AppContext.BaseDirectory} (it lives in shared/, beside the repository).");
        var payloads = File.ReadAllText(path!, Encoding.UTF8).Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(Unescape)
            // The corpus repeats a few payloads once the server has tidied them (NUL and other control
            // characters dropped, line breaks unified, ends trimmed); posting one twice would be refused,
            // correctly, as a duplicate comment.
            .DistinctBy(Tidied)
            .ToList();
        Assert.True(payloads.Count >= 100, $"{path} holds only {payloads.Count} payloads.");
        return payloads;
    }

    /// <summary><c>\\ \n \r \t \0 \uXXXX</c>, and <c>\#</c> at the start for a payload that begins with '#'.</summary>
    public static string Unescape(string line)
    {
        var text = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\')
            {
                text.Append(line[i]);
                continue;
            }

            var escape = i + 1 < line.Length ? line[++i] : throw new FormatException($"A lone backslash ends: {line}");
            switch (escape)
            {
                case '\\': text.Append('\\'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case '0': text.Append('\0'); break;
                case '#' when i == 1: text.Append('#'); break;
                case 'u' when i + 4 < line.Length:
                    text.Append((char)int.Parse(line.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: throw new FormatException($"Unknown escape \\{escape} in: {line}");
            }
        }

        return text.ToString();
    }
}
