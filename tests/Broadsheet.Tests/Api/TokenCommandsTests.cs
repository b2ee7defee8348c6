using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Api.Tokens;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Api;

/// <summary><c>tokens …</c> run as a real process on the data folder of a running site; the token is then used against that site.</summary>
public sealed class TokenCommandsTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private Task<ProgramProcess.Result> TokensAsync(params string[] args) =>
        ProgramProcess.RunAsync(["tokens", .. args, "--Broadsheet:DataDir", App.DataDir, "--Logging:LogLevel:Default", "Warning"]);

    [Fact]
    public async Task Create_prints_only_the_token_which_then_works_and_list_and_revoke_manage_it()
    {
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Editor);

        // Options in any order.
        var created = await TokensAsync("create", "--name", "Deploy script", "--expires", "30", "--email", email);
        Assert.True(created.ExitCode == 0, created.Error);
        var token = created.Output.Trim();
        Assert.Matches("^bs_[A-Za-z0-9_-]{43}$", token);
        Assert.Contains("printed below once", created.Error, StringComparison.Ordinal);

        var stored = await App.WithDbAsync((db, _) => db.ApiTokens.SingleAsync(t => t.User.Email == email));
        Assert.Equal(ApiTokens.Hash(token), stored.TokenHash);
        Assert.InRange((stored.ExpiresAt - stored.CreatedAt).TotalDays, 29.9, 30.1);

        using (var api = App.Bearer(token))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/admin/articles")).StatusCode);
        }

        var list = await TokensAsync("list", "--email", email);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("Deploy script", list.Output, StringComparison.Ordinal);
        Assert.Contains(stored.Prefix, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list.Output, StringComparison.Ordinal);
        Assert.Contains("active", list.Output, StringComparison.Ordinal);

        var revoked = await TokensAsync("revoke", "--id", stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(revoked.ExitCode == 0, revoked.Error);
        using (var api = App.Bearer(token))
        {
            await (await api.GetAsync("/api/v1/admin/articles")).ProblemAsync(401);
        }

        Assert.Contains("revoked", (await TokensAsync("list", "--email", email)).Output, StringComparison.Ordinal);
        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Subject.Contains("Deploy script")).Select(a => a.Action).ToListAsync());
        Assert.Contains("Created an API token (command line)", audit);
        Assert.Contains("Revoked an API token (command line)", audit);
    }

    [Theory]
    [InlineData("--expires", "yesterday")]
    [InlineData("--expires", "2001-01-01")]
    [InlineData("--name", " ")]
    public async Task Bad_input_exits_with_2_and_prints_no_token(string option, string value)
    {
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Author);
        string[] args = option == "--name" ? ["create", "--email", email, "--name", value] : ["create", "--email", email, "--name", "Tool", option, value];
        var result = await TokensAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output.Trim());
        Assert.False(await App.WithDbAsync((db, _) => db.ApiTokens.AnyAsync(t => t.User.Email == email)));
    }
}
