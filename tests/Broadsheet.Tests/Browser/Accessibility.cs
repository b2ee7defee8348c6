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
    public static readonly AxeRunOptions ColourRules = new() { RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast", "link-in-text-block"] } };

    public static async Task AssertNoViolationsAsync(IPage page, string where, AxeRunOptions? options = null)
    {
        var result = await page.RunAxe(options);
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}");
        Assert.True(result.Violations.Length == 0, $"{where}:\n" + string.Join("\n", violations));
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
