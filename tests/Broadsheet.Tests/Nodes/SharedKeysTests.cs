using System.Net;
using System.Security.Cryptography;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Nodes;

/// <summary>
/// Two nodes on one PostgreSQL database: the data-protection keys live there, encrypted with the key-encryption key
/// every node is given, so what one node signs the other accepts.
/// </summary>
public sealed class SharedKeysTests
{
    private static Dictionary<string, string?> WithKey(string key) => new() { [KeyEncryptionKey.SettingName] = key };

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_sign_in_a_form_and_a_reset_link_made_on_one_node_work_on_the_other()
    {
        var database = new PostgresTestDatabase();
        await database.CreateAsync();
        var key = NewKey();
        var nodes = await CommentNode.StartAsync(database, WithKey(key), WithKey(key));
        var (a, b) = (nodes[0], nodes[1]);
        try
        {
            var (email, password) = await a.CreateUserAsync(NewsroomRoles.Administrator, "Ada Shared");
            using var client = await NewsroomClient.SignInAsync(a.CreateHttpClient(), email, password);

            // The cookie (127.0.0.1 whatever the port) goes to node B, which reads it.
            var onB = new Uri(b.BaseAddress, "/newsroom/users");
            using (var page = await client.Http.GetAsync(onB))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("Ada Shared", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // A form rendered by A (its antiforgery token) posted to B.
            var token = await client.GetTokenAsync("/newsroom/users");
            using (var created = await client.Http.PostAsync(new Uri(b.BaseAddress, "/newsroom/users?handler=Create"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.Name"] = "Bea Second",
                ["Input.Email"] = "bea@example.org",
                ["Input.Role"] = NewsroomRoles.Editor,
            })))
            {
                Assert.True(created.StatusCode == HttpStatusCode.Redirect, Commenter.Excerpt(await created.Content.ReadAsStringAsync()));
            }

            Assert.Equal(1, await a.WithDbAsync((db, _) => db.Users.CountAsync(u => u.Email == "bea@example.org")));

            // A reset link made on A, used on B.
            var path = await a.WithDbAsync(async (_, services) =>
            {
                var user = await services.GetRequiredService<UserManager<NewsroomUser>>().FindByEmailAsync(email);
                return await services.GetRequiredService<NewsroomAccounts>().PasswordResetPathAsync(user!);
            });
            using var stranger = new NewsroomClient(b.CreateHttpClient());
            using (var reset = await stranger.PostFormAsync(path, new Dictionary<string, string>
            {
                ["Password"] = "a brand new long passphrase",
                ["ConfirmPassword"] = "a brand new long passphrase",
            }, path))
            {
                Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
            }

            using var again = await NewsroomClient.SignInAsync(b.CreateHttpClient(), email, "a brand new long passphrase");
            Assert.Empty(a.Errors.Entries);
            Assert.Empty(b.Errors.Entries);
        }
        finally
        {
            await CommentNode.StopAsync(database, nodes);
        }
    }

    [Fact]
    public async Task The_keys_in_the_database_hold_no_secret_in_clear_and_a_node_with_another_key_encryption_key_refuses_the_cookie()
    {
        var database = new PostgresTestDatabase();
        await database.CreateAsync();
        var nodes = await CommentNode.StartAsync(database, WithKey(NewKey()), WithKey(NewKey()));
        var (a, b) = (nodes[0], nodes[1]);
        try
        {
            var (email, password) = await a.CreateUserAsync(NewsroomRoles.Administrator);
            using var client = await NewsroomClient.SignInAsync(a.CreateHttpClient(), email, password);

            var rows = await a.WithDbAsync((db, _) => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(rows);
            Assert.All(rows, xml =>
            {
                Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal);
                Assert.Contains("aesGcmEncryptedKey", xml, StringComparison.Ordinal);
            });

            using var refused = await client.Http.GetAsync(new Uri(b.BaseAddress, "/newsroom/users"));
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/newsroom/signin", refused.Headers.Location?.PathAndQuery ?? refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
            // A misconfiguration the operator must see: the only errors are the key ring's own, about the key it cannot open.
            Assert.All(b.Errors.Entries, e => Assert.StartsWith("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager: An exception occurred while processing the key element", e, StringComparison.Ordinal));
        }
        finally
        {
            await CommentNode.StopAsync(database, nodes);
        }
    }
}
