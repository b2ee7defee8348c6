using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

public abstract partial class AccountTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    [Fact]
    public async Task Sign_in_cookie_is_http_only_same_site_lax_and_sent_only_to_the_newsroom()
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);
        using var client = new NewsroomClient(App.CreateHttpClient());
        using var response = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("broadsheet-newsroom=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/newsroom", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain http here
    }

    [Fact]
    public async Task Behind_an_https_proxy_the_sign_in_cookie_is_secure()
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);
        using var client = new NewsroomClient(App.CreateHttpClient());
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var response = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("broadsheet-newsroom=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("/newsroom", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_five_in_a_row_lock_the_account()
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Author);
        using var client = new NewsroomClient(App.CreateHttpClient());
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = "not the password" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var html = await wrong.Content.ReadAsStringAsync();
            Assert.Contains(i < 4 ? "The email or password is not right" : "locked", html, StringComparison.Ordinal);
            Assert.Contains(email, html, StringComparison.Ordinal); // the email stays in the form
        }

        using var locked = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Contains("locked for 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_is_a_post_and_ends_the_session()
    {
        using var client = await App.SignInAsNewAsync(NewsroomRoles.Moderator);
        using (var get = await client.Http.GetAsync("/newsroom/signout"))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode); // a GET only offers the button
        }

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/newsroom")).StatusCode);
        using var signOut = await client.PostFormAsync("/newsroom/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await client.Http.GetAsync("/newsroom");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Password_reset_sends_a_link_by_mail_that_works_once()
    {
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Author);
        using var client = new NewsroomClient(App.CreateHttpClient());
        var mailFolder = Path.Combine(App.DataDir, "mail");
        var before = Directory.Exists(mailFolder) ? Directory.GetFiles(mailFolder, "*.eml").Length : 0;

        using var unknown = await client.PostFormAsync("/newsroom/forgot-password", new() { ["Email"] = "nobody@example.org" });
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        using var known = await client.PostFormAsync("/newsroom/forgot-password", new() { ["Email"] = email });
        // Same answer either way: the form does not tell who has an account.
        Assert.Contains("If an account uses that address", unknownHtml, StringComparison.Ordinal);
        Assert.Contains("If an account uses that address", await known.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await App.DeliverMailAsync();
        var messages = Directory.GetFiles(mailFolder, "*.eml");
        Assert.Equal(before + 1, messages.Length);
        var message = await MimeKit.MimeMessage.LoadAsync(messages.OrderBy(File.GetCreationTimeUtc).Last());
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        var link = new Uri(ResetLink().Match(message.TextBody ?? "").Value);

        var fields = new Dictionary<string, string> { ["Password"] = "a brand new passphrase", ["ConfirmPassword"] = "a brand new passphrase" };
        using var reset = await client.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        using var signedIn = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = "a brand new passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var again = await client.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery);
        Assert.Contains("expired or was already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_the_new_one_then_signs_in()
    {
        using var client = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var wrong = await client.PostFormAsync("/newsroom/account?handler=Password",
            new() { ["Password.Current"] = "not my password", ["Password.New"] = "a different passphrase" }, "/newsroom/account");
        Assert.Contains("The current password is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var changed = await client.PostFormAsync("/newsroom/account?handler=Password",
            new() { ["Password.Current"] = client.Password, ["Password.New"] = "a different passphrase" }, "/newsroom/account");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var fresh = new NewsroomClient(App.CreateHttpClient());
        using var signIn = await fresh.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = client.Email, ["Input.Password"] = "a different passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task A_writer_edits_their_public_profile_and_the_author_page_shows_it()
    {
        using var client = await App.SignInAsNewAsync(NewsroomRoles.Author, "Pat Profile");
        var slug = await App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == client.Email).Select(u => u.Author!.Slug).SingleAsync());
        await Client.GetAsync($"/author/{slug}");

        using var invalid = await client.PostFormAsync("/newsroom/account?handler=Profile",
            new() { ["Profile.Name"] = "", ["Profile.JobTitle"] = "Kept title", ["Profile.Bio"] = "Kept bio." }, "/newsroom/account");
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Enter the name to show in bylines.", html, StringComparison.Ordinal);
        Assert.Contains("Kept bio.", html, StringComparison.Ordinal);

        using var saved = await client.PostFormAsync("/newsroom/account?handler=Profile",
            new() { ["Profile.Name"] = "Pat Profile", ["Profile.JobTitle"] = "Harbour correspondent", ["Profile.Bio"] = "Pat covers the docks." }, "/newsroom/account");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await Client.GetStringAsync($"/author/{slug}");
        Assert.Contains("Harbour correspondent", page, StringComparison.Ordinal);
        Assert.Contains("Pat covers the docks.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_step_verification_asks_for_the_authenticator_code_after_the_password()
    {
        using var client = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        // Opening the account page changes nothing (no key yet, no session signed out); setting up makes the key.
        Assert.Null(Html.Parse(await client.Http.GetStringAsync("/newsroom/account")).QuerySelector("[data-testid=authenticator-key]"));
        using var start = await client.PostFormAsync("/newsroom/account?handler=StartTwoFactor", [], "/newsroom/account");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var page = Html.Parse(await client.Http.GetStringAsync("/newsroom/account"));
        var key = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Trim();

        using var wrong = await client.PostFormAsync("/newsroom/account?handler=EnableTwoFactor", new() { ["Code"] = "000000" }, "/newsroom/account");
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var enable = await client.PostFormAsync("/newsroom/account?handler=EnableTwoFactor", new() { ["Code"] = Totp(key) }, "/newsroom/account");
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);

        using var fresh = new NewsroomClient(App.CreateHttpClient());
        using var password = await fresh.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = client.Email, ["Input.Password"] = client.Password });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/newsroom/signin/code", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.Http.GetAsync("/newsroom")).StatusCode); // not in yet

        using var code = await fresh.PostFormAsync("/newsroom/signin/code", new() { ["Code"] = Totp(key) }, "/newsroom/signin/code");
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Http.GetAsync("/newsroom")).StatusCode);

        // Turning it off needs the password, not just an open session.
        using var noPassword = await fresh.PostFormAsync("/newsroom/account?handler=DisableTwoFactor", [], "/newsroom/account");
        Assert.Contains("Enter your password to turn two-step verification off.", await noPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var off = await fresh.PostFormAsync("/newsroom/account?handler=DisableTwoFactor", new() { ["confirmPassword"] = client.Password }, "/newsroom/account");
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Http.GetAsync("/newsroom")).StatusCode); // this session goes on
    }

    [Fact]
    public async Task A_reset_link_never_takes_its_address_from_the_requests_host_header()
    {
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Editor);
        using var client = new NewsroomClient(App.CreateHttpClient());
        var token = await client.GetTokenAsync("/newsroom/forgot-password");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/forgot-password")
        {
            Content = new FormUrlEncodedContent([new("Email", email), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Host = "evil.example";
        using var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var link = new Uri(ResetLink().Match((await LatestMailToAsync(email)).TextBody ?? "").Value);
        Assert.Equal(App.BaseAddress.Authority, link.Authority);
    }

    [Fact]
    public async Task A_return_address_with_line_breaks_is_ignored_rather_than_failing()
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);
        using var client = new NewsroomClient(App.CreateHttpClient());
        using var response = await client.PostFormAsync("/newsroom/signin?ReturnUrl=%2Fnewsroom%0d%0aSet-Cookie:x=y",
            new() { ["Input.Email"] = email, ["Input.Password"] = password }, "/newsroom/signin");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/newsroom", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_disabled_account_is_named_only_to_someone_who_knows_its_password()
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Author);
        var id = await App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await admin.PostFormAsync("/newsroom/users?handler=Disable", new() { ["id"] = id, ["disable"] = "true" }, "/newsroom/users");

        using var client = new NewsroomClient(App.CreateHttpClient());
        using var guess = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = "a wrong guess here" });
        var guessed = await guess.Content.ReadAsStringAsync();
        Assert.Contains("The email or password is not right", guessed, StringComparison.Ordinal);
        Assert.DoesNotContain("disabled", guessed, StringComparison.Ordinal);
        using var owner = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Contains("This account has been disabled", await owner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_account_gets_its_own_author_profile_even_when_a_demo_author_has_the_same_name()
    {
        var demo = await App.WithDbAsync((db, _) => db.Authors.OrderBy(a => a.Id).Select(a => new { a.Id, a.Name }).FirstAsync());
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Author, demo.Name);
        var authorId = await App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.AuthorId).SingleAsync());
        Assert.NotNull(authorId);
        Assert.NotEqual(demo.Id, authorId);
    }

    [Fact]
    public async Task An_administrator_creates_a_user_who_gets_a_link_to_choose_a_password_and_can_be_disabled()
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var email = $"new-{Guid.NewGuid():N}@example.org";
        using var invalid = await admin.PostFormAsync("/newsroom/users?handler=Create", new() { ["Input.Name"] = "Nora New", ["Input.Email"] = "not-an-email", ["Input.Role"] = "Author" }, "/newsroom/users");
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Enter an email address such as name@example.org.", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("Nora New", invalidHtml, StringComparison.Ordinal);

        using var created = await admin.PostFormAsync("/newsroom/users?handler=Create", new() { ["Input.Name"] = "Nora New", ["Input.Email"] = email, ["Input.Role"] = "Author" }, "/newsroom/users");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var message = await LatestMailToAsync(email);
        var link = new Uri(ResetLink().Match(message.TextBody ?? "").Value);

        using var nora = new NewsroomClient(App.CreateHttpClient());
        var fields = new Dictionary<string, string> { ["Password"] = "nora's own passphrase", ["ConfirmPassword"] = "nora's own passphrase" };
        Assert.Equal(HttpStatusCode.Redirect, (await nora.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await nora.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = "nora's own passphrase" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nora.Http.GetAsync("/newsroom/articles")).StatusCode);

        // A new role applies at once: Nora's old session is signed out when her account changes.
        var id = await App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var role = await admin.PostFormAsync("/newsroom/users?handler=Role", new() { ["id"] = id, ["role"] = "Moderator" }, "/newsroom/users");
        Assert.Equal(HttpStatusCode.Redirect, role.StatusCode);
        using var disable = await admin.PostFormAsync("/newsroom/users?handler=Disable", new() { ["id"] = id, ["disable"] = "true" }, "/newsroom/users");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        App.Clock.Advance(TimeSpan.FromMinutes(2)); // past the session's security stamp check
        Assert.Equal(HttpStatusCode.Redirect, (await nora.Http.GetAsync("/newsroom/articles")).StatusCode);
        using var refused = await nora.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = "nora's own passphrase" });
        Assert.Contains("This account has been disabled", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var audit = await admin.Http.GetStringAsync("/newsroom/audit");
        Assert.Contains("Created user", audit, StringComparison.Ordinal);
        Assert.Contains("Disabled user", audit, StringComparison.Ordinal);
    }

    private async Task<MimeKit.MimeMessage> LatestMailToAsync(string email)
    {
        await App.DeliverMailAsync();
        foreach (var file in Directory.GetFiles(Path.Combine(App.DataDir, "mail"), "*.eml").OrderByDescending(File.GetCreationTimeUtc))
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => m.Address == email))
            {
                return message;
            }
        }

        throw new Xunit.Sdk.XunitException($"No mail to {email}");
    }

    /// <summary>RFC 6238 with the defaults authenticator apps use (SHA-1, 30 s, 6 digits).</summary>
    private static string Totp(string base32Key)
    {
        var key = Base32(base32Key);
        // The phone's clock: Identity checks authenticator codes against the real time, not the test's clock.
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

#pragma warning disable CA5350 // RFC 6238 authenticator codes are defined over HMAC-SHA1; this reproduces what the app on a phone computes.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.Trim().TrimEnd('=').ToUpperInvariant().Where(c => c != ' '))
        {
            value = (value << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"https?://\S+/newsroom/reset-password\?\S+")]
    private static partial Regex ResetLink();
}

/// <summary>A site whose reset links last two seconds (Broadsheet:Accounts:ResetLinkLifetime), so expiry can be seen.</summary>
public sealed class ShortResetLinksApp : NewsroomApp
{
    public ShortResetLinksApp() => Configure("Broadsheet:Accounts:ResetLinkLifetime", "00:00:02");
}

public sealed partial class ResetLinkExpiryTests(ShortResetLinksApp app) : AppTest<ShortResetLinksApp>(app), IClassFixture<ShortResetLinksApp>
{
    [Fact]
    public async Task A_password_reset_link_stops_working_after_its_lifetime()
    {
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Editor);
        using var client = new NewsroomClient(App.CreateHttpClient());
        using var sent = await client.PostFormAsync("/newsroom/forgot-password", new() { ["Email"] = email });
        Assert.Contains("The link works for 2 seconds.", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await App.DeliverMailAsync();
        var file = Directory.GetFiles(Path.Combine(App.DataDir, "mail"), "*.eml").Single();
        var body = (await MimeKit.MimeMessage.LoadAsync(file)).TextBody ?? "";
        Assert.Contains("within 2 seconds", body, StringComparison.Ordinal);
        var link = new Uri(Link().Match(body).Value);

        // Identity dates these links by the real clock, so the test waits out the short lifetime.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var fields = new Dictionary<string, string> { ["Password"] = "too late passphrase", ["ConfirmPassword"] = "too late passphrase" };
        using var late = await client.PostFormAsync(link.PathAndQuery, fields, link.PathAndQuery);
        Assert.Contains("expired or was already used", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+/newsroom/reset-password\?\S+")]
    private static partial Regex Link();
}

public sealed class SqliteAccountTests(NewsroomApp app) : AccountTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresAccountTests(PostgresNewsroomApp app) : AccountTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
