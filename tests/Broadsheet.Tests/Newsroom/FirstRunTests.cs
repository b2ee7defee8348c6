using System.Diagnostics;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>A fresh site: demo content but no account, until setup creates the first administrator.</summary>
public sealed class FirstRunTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Fact]
    public async Task Setup_creates_the_first_administrator_once_and_then_answers_404()
    {
        // Demo content never brings an account that could sign in.
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.Users.CountAsync()));
        Assert.Contains("/newsroom/setup", await Client.GetStringAsync("/newsroom/signin"), StringComparison.Ordinal);

        using var client = new NewsroomClient(App.CreateHttpClient());
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Ada Administrator",
            ["Input.Email"] = "ada@example.org",
            ["Input.Password"] = "the first long passphrase",
            ["Input.ConfirmPassword"] = "not the same passphrase",
        };
        using (var mismatch = await client.PostFormAsync("/newsroom/setup", fields))
        {
            var html = await mismatch.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
            Assert.Contains("The two passwords are not the same.", html, StringComparison.Ordinal);
            Assert.Contains("Ada Administrator", html, StringComparison.Ordinal);
            Assert.Contains("ada@example.org", html, StringComparison.Ordinal);
        }

        fields["Input.ConfirmPassword"] = "the first long passphrase";
        using (var created = await client.PostFormAsync("/newsroom/setup", fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        Assert.Contains("Ada Administrator", await client.Http.GetStringAsync("/newsroom/users"), StringComparison.Ordinal);
        using var closed = await Client.GetAsync("/newsroom/setup");
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
        using var anotherTry = await client.PostFormAsync("/newsroom/setup", fields, "/newsroom/signin");
        Assert.Equal(HttpStatusCode.NotFound, anotherTry.StatusCode);
        Assert.Equal(1, await App.WithDbAsync((db, _) => db.Users.CountAsync()));
    }

    [Fact]
    public async Task The_command_line_creates_a_user_with_the_password_from_standard_input_only()
    {
        var dataDir = Directory.CreateTempSubdirectory("broadsheet-cli-").FullName;
        try
        {
            var refused = await RunAsync(dataDir, "secret passphrase here", "users", "create", "--email", "cli@example.org", "--name", "Cli Admin", "--role", "Administrator", "--password", "on-the-command-line");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("standard input", refused.Error, StringComparison.Ordinal);

            var weak = await RunAsync(dataDir, "short", "users", "create", "--email", "cli@example.org", "--name", "Cli Admin", "--role", "Administrator");
            Assert.Equal(1, weak.ExitCode);
            Assert.Contains("at least 10 characters", weak.Error, StringComparison.Ordinal);

            var created = await RunAsync(dataDir, "a command line passphrase", "users", "create", "--email", "cli@example.org", "--name", "Cli Admin", "--role", "administrator");
            Assert.True(created.ExitCode == 0, created.Error);
            Assert.Contains("Created Administrator cli@example.org", created.Output, StringComparison.Ordinal);

            var options = new DbContextOptionsBuilder<SqliteBroadsheetDb>().UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Pooling=false").Options;
            await using var db = new SqliteBroadsheetDb(options);
            var user = await db.Users.SingleAsync();
            var role = await db.Roles.Where(r => db.UserRoles.Any(ur => ur.UserId == user.Id && ur.RoleId == r.Id)).Select(r => r.Name).SingleAsync();
            Assert.Equal(NewsroomRoles.Administrator, role);
            Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<NewsroomUser>().VerifyHashedPassword(user, user.PasswordHash!, "a command line passphrase"));
            Assert.NotNull(user.AuthorId); // an author profile for bylines
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string dataDir, string standardInput, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--Broadsheet:DataDir");
        start.ArgumentList.Add(dataDir);
        start.ArgumentList.Add("--Logging:LogLevel:Default");
        start.ArgumentList.Add("Warning");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(standardInput);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>A site with a low limit on account form submissions per client and minute.</summary>
public sealed class LimitedSignInApp : NewsroomApp
{
    public LimitedSignInApp() => Configure("Broadsheet:Accounts:SignInAttemptsPerMinute", "3");
}

public sealed class SignInRateLimitTests(LimitedSignInApp app) : AppTest<LimitedSignInApp>(app), IClassFixture<LimitedSignInApp>
{
    [Fact]
    public async Task Too_many_account_form_submissions_from_one_address_get_429_and_no_more_mail()
    {
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Author);
        using var client = new NewsroomClient(App.CreateHttpClient());
        var mailFolder = Path.Combine(App.DataDir, "mail");
        int MailCount() => Directory.Exists(mailFolder) ? Directory.GetFiles(mailFolder, "*.eml").Length : 0;
        var before = MailCount();
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await client.PostFormAsync("/newsroom/forgot-password", new() { ["Email"] = email });
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // Each accepted request mailed a link, so a refused one would have mailed one too.
        await App.DeliverMailAsync();
        Assert.Equal(before + 3, MailCount());
        using var limited = await client.PostFormAsync("/newsroom/forgot-password", new() { ["Email"] = email });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await App.DeliverMailAsync();
        Assert.Equal(before + 3, MailCount());
        using var signIn = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = "a@example.org", ["Input.Password"] = "whatever it is" });
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);

        // Reading the forms is not limited.
        using var page = await client.Http.GetAsync("/newsroom/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
