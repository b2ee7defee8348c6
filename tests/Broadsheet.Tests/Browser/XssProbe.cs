using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// One browser page that walks many addresses and records, on each, whether anything a payload carries ran:
/// a dialog, a call to alert/confirm/prompt/print, a refusal by the Content-Security-Policy, an event handler
/// attribute or a script that is not the site's own. Reads what the page shows with a script of the caller's.
/// </summary>
public sealed class XssProbe
{
    // Runs before any page script: records what a payload would do if it ever ran.
    private const string Sentinel = """
        window.__xss = 0;
        for (const name of ['alert', 'confirm', 'prompt', 'print']) {
          Object.defineProperty(window, name, { value: () => { window.__xss++; }, writable: false });
        }
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));
        """;

    // Through the prototypes: a payload that became markup may clobber document.scripts, element.attributes and the like.
    private const string Ran = """
        () => {
          const all = Document.prototype.querySelectorAll.call(document, '*');
          const names = e => Element.prototype.getAttributeNames.call(e);
          const tag = e => Object.getOwnPropertyDescriptor(Element.prototype, 'localName').get.call(e);
          const describe = e => '<' + tag(e) + ' ' + names(e).join(' ') + '>';
          const elements = [...all];
          return JSON.stringify({
            xss: window.__xss,
            csp: window.__csp,
            handlers: elements.filter(e => names(e).some(n => n.toLowerCase().startsWith('on'))).map(describe),
            scripts: elements.filter(e => tag(e) === 'script' && !(Element.prototype.getAttribute.call(e, 'type') === 'application/ld+json'
              || new URL(Element.prototype.getAttribute.call(e, 'src') || 'about:blank', location.href).pathname.startsWith('/js/'))).map(describe),
            frames: elements.filter(e => ['iframe', 'frame', 'object', 'embed', 'base'].includes(tag(e))
              || (tag(e) === 'meta' && (Element.prototype.getAttribute.call(e, 'http-equiv') || '').toLowerCase() === 'refresh')).length,
          });
        }
        """;

    private readonly List<string> dialogs = [];
    private readonly List<string> problems = [];

    private XssProbe(IPage page) => Page = page;

    public IPage Page { get; }

    public IReadOnlyList<string> Problems => problems;

    public static async Task<XssProbe> OpenAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(Sentinel);
        var probe = new XssProbe(await context.NewPageAsync());
        probe.Page.Dialog += (_, dialog) =>
        {
            if (dialog.Type == DialogType.BeforeUnload)
            {
                // The editor's own "leave with unsaved changes?" when the probe moves on: leave.
                _ = dialog.AcceptAsync();
                return;
            }

            lock (probe.dialogs)
            {
                probe.dialogs.Add($"{probe.Page.Url}: {dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
        return probe;
    }

    /// <summary>Opens the address, checks nothing ran, and returns what <paramref name="read"/> reads (JSON).</summary>
    public async Task<JsonElement> VisitAsync(string path, string read)
    {
        // Handlers and scripts are looked for in the DOM itself, so there is no need to wait for images.
        var response = await Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.True(response!.Ok, $"{path} answered {response.Status}");
        await CheckNothingRanAsync(path);
        return JsonDocument.Parse(await Page.EvaluateAsync<string>(read)).RootElement.Clone();
    }

    /// <summary>Records whatever ran on the page as it is now.</summary>
    public async Task CheckNothingRanAsync(string where)
    {
        var ran = JsonDocument.Parse(await Page.EvaluateAsync<string>(Ran)).RootElement;
        if (ran.GetProperty("xss").GetInt32() != 0)
        {
            problems.Add($"{where}: a payload called alert, confirm, prompt or print");
        }

        foreach (var (name, label) in new[] { ("csp", "the Content-Security-Policy refused"), ("handlers", "an event handler attribute"), ("scripts", "a script not the site's own") })
        {
            foreach (var item in ran.GetProperty(name).EnumerateArray())
            {
                problems.Add($"{where}: {label}: {item}");
            }
        }

        if (ran.GetProperty("frames").GetInt32() != 0)
        {
            problems.Add($"{where}: a frame, object, embed, base or refresh element");
        }
    }

    /// <summary>Fails the test with every dialog and problem seen.</summary>
    public void AssertNothingRan()
    {
        lock (dialogs)
        {
            Assert.True(dialogs.Count == 0, $"Payloads opened {dialogs.Count} dialogs: {string.Join("; ", dialogs.Take(10))}");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems.Take(25))}");
    }

    /// <summary>Text as a reader reads it, for comparing: runs of white space as one space, trimmed.</summary>
    public static string Visible(string? text)
    {
        var result = new StringBuilder(text?.Length ?? 0);
        var space = false;
        foreach (var c in text ?? "")
        {
            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
