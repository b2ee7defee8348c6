using System.Net;
using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Accounts;

/// <summary>
/// <c>users …</c> run as a real process on the data folder of a running site, so each change is checked where it
/// matters: signing in to that site.
/// </summary>
public sealed partial class UserCommandsTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private Task<ProgramProcess.Result> UsersAsync(string? standardInput, params string[] args) =>
        ProgramProcess.RunAsync(["users", .. args, "--Broadsheet:DataDir", App.DataDir, "--Logging:LogLevel:Default", "Warning"], standardInput);

    private async Task<HttpStatusCode> SignInAsync(string email, string password)
    {
        using var client = new NewsroomClient(App.CreateHttpClient());
        using var response = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/newsroom" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
    }

    private Task<string?> RoleOfAsync(string email) => App.WithDbAsync(async (_, services) =>
    {
        var users = services.GetRequiredService<UserManager<NewsroomUser>>();
        return (await users.GetRolesAsync((await users.FindByEmailAsync(email))!)).SingleOrDefault();
    });

    [Fact]
    public async Task Disable_and_enable_stop_and_restore_signing_in()
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Author);

        var disabled = await UsersAsync(null, "disable", "--email", email);
        Assert.True(disabled.ExitCode == 0, disabled.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(email, password));
        Assert.Contains(await ListLineAsync(email), l => l.Contains("disabled", StringComparison.Ordinal));

        var enabled = await UsersAsync(null, "enable", "--email", email);
        Assert.True(enabled.ExitCode == 0, enabled.Error);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(email, password));
        Assert.Contains(await ListLineAsync(email), l => l.Contains("active", StringComparison.Ordinal));

        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Subject == email).Select(a => a.Action).ToListAsync());
        Assert.Contains("Disabled user (command line)", audit);
        Assert.Contains("Enabled user (command line)", audit);
    }

    [Fact]
    public async Task Set_role_changes_the_role_but_never_demotes_the_last_administrator()
    {
        var (author, _) = await App.CreateUserAsync(NewsroomRoles.Author);
        var changed = await UsersAsync(null, "set-role", "--email", author, "--role", "editor");
        Assert.True(changed.ExitCode == 0, changed.Error);
        Assert.Equal(NewsroomRoles.Editor, await RoleOfAsync(author));

        // Demote every administrator but one, then try the last one.
        var admins = await App.WithDbAsync(async (_, services) =>
            (await services.GetRequiredService<UserManager<NewsroomUser>>().GetUsersInRoleAsync(NewsroomRoles.Administrator)).Select(u => u.Email!).ToList());
        var (last, _) = admins.Count == 0 ? await App.CreateUserAsync(NewsroomRoles.Administrator) : (admins[0], "");
        foreach (var other in admins.Skip(1))
        {
            Assert.Equal(0, (await UsersAsync(null, "set-role", "--email", other, "--role", "Editor")).ExitCode);
        }

        var refused = await UsersAsync(null, "set-role", "--email", last, "--role", "Editor");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("only administrator", refused.Error, StringComparison.Ordinal);
        Assert.Equal(NewsroomRoles.Administrator, await RoleOfAsync(last));

        var notDisabled = await UsersAsync(null, "disable", "--email", last);
        Assert.Equal(1, notDisabled.ExitCode);
        Assert.Contains(await ListLineAsync(last), l => l.Contains("active", StringComparison.Ordinal));

        var badRole = await UsersAsync(null, "set-role", "--email", author, "--role", "Overlord");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("Choose a role", badRole.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_email_is_a_clear_error()
    {
        foreach (var command in new[] { "disable", "enable", "reset-password" })
        {
            var result = await UsersAsync("a long enough passphrase", command, "--email", "nobody@example.org");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("No account has the email address nobody@example.org", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reset_password_takes_the_new_password_from_standard_input()
    {
        var (email, old) = await App.CreateUserAsync(NewsroomRoles.Editor);

        var weak = await UsersAsync("short", "reset-password", "--email", email);
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("at least 10 characters", weak.Error, StringComparison.Ordinal);

        var reset = await UsersAsync("a replacement passphrase", "reset-password", "--email", email);
        Assert.True(reset.ExitCode == 0, reset.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(email, old));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(email, "a replacement passphrase"));
    }

    [Fact]
    public async Task Reset_password_with_link_prints_a_link_that_works_once()
    {
        var (email, old) = await App.CreateUserAsync(NewsroomRoles.Author);

        var result = await UsersAsync(null, "reset-password", "--link", "--email", email);

        Assert.True(result.ExitCode == 0, result.Error);
        var link = new Uri(ResetLink().Match(result.Output).Value);
        Assert.Equal(result.Output.Trim(), link.OriginalString); // only the link on standard output, for scripts
        using var client = new NewsroomClient(App.CreateHttpClient());
        var fields = new Dictionary<string, string> { ["Password"] = "chosen from the link", ["ConfirmPassword"] = "chosen from the link" };
        using var used = await client.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(email, "chosen from the link"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(email, old));

        using var again = await client.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery);
        Assert.Contains("expired or was already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string[]> ListLineAsync(string email)
    {
        var list = await UsersAsync(null, "list");
        Assert.True(list.ExitCode == 0, list.Error);
        return [.. list.Output.Split('\n').Where(l => l.StartsWith(email, StringComparison.Ordinal))];
    }

    [GeneratedRegex(@"https?://\S+/newsroom/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
