using System.Net;
using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Api.Tokens;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Api;

/// <summary>Personal API tokens: made on the account page and by the command, shown once, kept as a hash, expiring and revocable.</summary>
public abstract partial class AdminTokenTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private const string Articles = "/api/v1/admin/articles";

    private static Dictionary<string, string> TokenForm(string name, string expiry = "90", string? date = null) => new()
    {
        ["NewToken.Name"] = name,
        ["NewToken.Expiry"] = expiry,
        ["NewToken.ExpiresOn"] = date ?? "",
    };

    [Fact]
    public async Task A_token_made_on_the_account_page_is_shown_once_kept_as_a_hash_works_shows_its_last_use_and_stops_when_revoked()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var created = await author.PostFormAsync("/newsroom/account?handler=CreateToken", TokenForm("Newsletter tool"), "/newsroom/account");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var html = await created.Content.ReadAsStringAsync();
        var token = SecretPattern().Match(html).Groups[1].Value;
        Assert.StartsWith("bs_", token, StringComparison.Ordinal);
        Assert.Contains("shown only this once", html, StringComparison.Ordinal);

        // Only the hash is stored; the page never shows the secret again.
        var stored = await App.WithDbAsync((db, _) => db.ApiTokens.SingleAsync(t => t.Name == "Newsletter tool" && t.User.Email == author.Email));
        Assert.Equal(ApiTokens.Hash(token), stored.TokenHash);
        Assert.DoesNotContain(token, stored.Prefix + stored.TokenHash + stored.Name, StringComparison.Ordinal);
        Assert.Equal(90, (int)Math.Round((stored.ExpiresAt - stored.CreatedAt).TotalDays));
        var again = await author.Http.GetStringAsync("/newsroom/account");
        Assert.DoesNotContain(token, again, StringComparison.Ordinal);
        Assert.Contains("Newsletter tool", again, StringComparison.Ordinal);
        Assert.Contains(stored.Prefix, again, StringComparison.Ordinal);
        Assert.Matches(LastUsedPattern("never"), again);

        using (var api = App.Bearer(token))
        using (var list = await api.GetAsync(Articles))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal("no-store", list.Headers.CacheControl?.ToString());
        }

        Assert.DoesNotMatch(LastUsedPattern("never"), await author.Http.GetStringAsync("/newsroom/account"));

        using var revoked = await author.PostFormAsync("/newsroom/account?handler=RevokeToken", new() { ["tokenId"] = stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/newsroom/account");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        using (var api = App.Bearer(token))
        using (var refused = await api.GetAsync(Articles))
        {
            await refused.ProblemAsync(401);
            Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Subject.Contains("Newsletter tool")).Select(a => a.Action).ToListAsync());
        Assert.Contains("Created an API token", audit);
        Assert.Contains("Revoked an API token", audit);
    }

    [Fact]
    public async Task Bad_token_input_comes_back_with_a_message_and_the_input_kept()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using (var empty = await editor.PostFormAsync("/newsroom/account?handler=CreateToken", TokenForm("  "), "/newsroom/account"))
        {
            var html = await empty.Content.ReadAsStringAsync();
            Assert.Contains("Give the token a name", html, StringComparison.Ordinal);
            Assert.DoesNotMatch(SecretPattern(), html);
        }

        var yesterday = App.Clock.GetUtcNow().UtcDateTime.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var past = await editor.PostFormAsync("/newsroom/account?handler=CreateToken", TokenForm("Past tool", "date", yesterday), "/newsroom/account"))
        {
            var html = await past.Content.ReadAsStringAsync();
            Assert.Contains("Choose an expiry date in the future.", html, StringComparison.Ordinal);
            Assert.Contains("value=\"Past tool\"", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{yesterday}\"", html, StringComparison.Ordinal);
        }

        Assert.False(await App.WithDbAsync((db, _) => db.ApiTokens.AnyAsync(t => t.User.Email == editor.Email)));
    }

    [Fact]
    public async Task Someone_elses_token_cannot_be_revoked_but_an_administrator_may_revoke_any()
    {
        var holder = await App.NewTokenAsync(NewsroomRoles.Author);
        using var other = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        Assert.DoesNotContain(holder.Email, await other.Http.GetStringAsync("/newsroom/account"), StringComparison.Ordinal);
        using (var refused = await other.PostFormAsync("/newsroom/account?handler=RevokeToken", new() { ["tokenId"] = holder.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/newsroom/account"))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using (var api = App.Bearer(holder.Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Articles)).StatusCode);
        }

        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        Assert.Contains(holder.Email, await admin.Http.GetStringAsync("/newsroom/account"), StringComparison.Ordinal);
        using (var revoked = await admin.PostFormAsync("/newsroom/account?handler=RevokeToken", new() { ["tokenId"] = holder.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/newsroom/account"))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        using (var api = App.Bearer(holder.Token))
        {
            await (await api.GetAsync(Articles)).ProblemAsync(401);
        }
    }

    [Fact]
    public async Task A_token_stops_working_when_it_expires()
    {
        var holder = await App.NewTokenAsync(NewsroomRoles.Editor, TimeSpan.FromDays(30));
        using var api = App.Bearer(holder.Token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Articles)).StatusCode);
        App.Clock.Advance(TimeSpan.FromDays(31));
        using var expired = await api.GetAsync(Articles);
        var problem = await expired.ProblemAsync(401);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_acts_with_its_owners_current_role_and_not_once_the_owner_is_disabled()
    {
        var holder = await App.NewTokenAsync(NewsroomRoles.Editor);
        using var api = App.Bearer(holder.Token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/admin/subscribers")).StatusCode);

        await App.WithDbAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<NewsroomUser>>();
            var accounts = services.GetRequiredService<NewsroomAccounts>();
            var user = (await users.FindByIdAsync(holder.UserId))!;
            await accounts.ChangeRoleAsync(user, NewsroomRoles.Moderator);
            return 0;
        });
        await (await api.GetAsync("/api/v1/admin/subscribers")).ProblemAsync(403);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/admin/comments")).StatusCode);

        await App.WithDbAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<NewsroomUser>>();
            var accounts = services.GetRequiredService<NewsroomAccounts>();
            await accounts.SetDisabledAsync((await users.FindByIdAsync(holder.UserId))!, true);
            return 0;
        });
        await (await api.GetAsync("/api/v1/admin/comments")).ProblemAsync(401);
    }

    [Fact]
    public async Task The_api_ignores_a_signed_in_newsroom_cookie()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var response = await editor.Http.GetAsync(Articles);
        await response.ProblemAsync(401);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var post = await editor.Http.PostJsonAsync(Articles, new { headline = "Forged from a page", sectionId = await App.FirstSectionIdAsync() });
        await post.ProblemAsync(401);
        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Headline == "Forged from a page")));
    }

    [GeneratedRegex("data-testid=\"token-secret\">([^<]+)<")]
    private static partial Regex SecretPattern();

    private static Regex LastUsedPattern(string text) => new($"data-testid=\"last-used\">{text}<");
}

public sealed class SqliteAdminTokenTests(NewsroomApp app) : AdminTokenTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresAdminTokenTests(PostgresNewsroomApp app) : AdminTokenTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
