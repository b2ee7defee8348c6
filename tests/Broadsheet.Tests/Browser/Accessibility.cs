using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The axe-core checks every browser test makes the same way: what failed, where, in words a person can act on.</summary>
public static class Accessibility
{
    /// <summary>
    /// The rules a colour scheme can change. Dark mode re-runs only these: everything else is the same markup, and one
    /// axe run takes seconds.
    /// </summary>
    public static readonly AxeRunOptions ColourRules = new()
    {
        RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast", "link-in-text-block"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>Every rule; of the results, only the violations are reported in full (the rest is never read).</summary>
    private static readonly AxeRunOptions EveryRule = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>
    /// Runs axe-core in the page itself. The library's default mode runs it in parts, so that it can reach into
    /// frames from other origins, and then opens a browser context of its own for every run to put the parts together:
    /// four times the CPU of the whole browser suite's axe work, for frames no page of ours has.
    /// </summary>
    public static async Task<AxeResult> RunAsync(IPage page, AxeRunOptions? options = null)
    {
#pragma warning disable CS0618 // The in-page run is the one the library calls legacy; see above for why it is the one wanted.
        return await page.RunAxeLegacy(options: options ?? EveryRule);
#pragma warning restore CS0618
    }

    /// <summary>One line per violation: the rule, its impact, what it asks for and where (the first three elements).</summary>
    public static IEnumerable<string> Describe(AxeResult result, string? where = null) =>
        result.Violations.Select(v =>
            $"{(where is null ? "" : where + ": ")}{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}");

    public static async Task AssertNoViolationsAsync(IPage page, string where, AxeRunOptions? options = null)
    {
        var result = await RunAsync(page, options);
        Assert.True(result.Violations.Length == 0, $"{where}:\n" + string.Join("\n", Describe(result)));
    }

    /// <summary>Every rule in the light scheme, then the colour rules in the dark one.</summary>
    public static async Task AssertNoViolationsLightAndDarkAsync(IPage page, string where)
    {
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await AssertNoViolationsAsync(page, where);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await AssertNoViolationsAsync(page, where + " in dark", ColourRules);
    }
}
