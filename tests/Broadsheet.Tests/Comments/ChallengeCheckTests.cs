using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Spam;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Comments;

/// <summary>The anti-spam challenge as the comment form uses it: valid, wrong number, wrong signature, expired, replayed.</summary>
public abstract class ChallengeCheckTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : CommentApp
{
    private async Task<(Article Article, Commenter Reader)> StartAsync()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        return (await new ArticleBuilder().SaveAsync(App), new Commenter(App));
    }

    private static JsonNode Decode(string payload) => JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)))!;

    private static string Encode(JsonNode payload) => Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString()));

    private async Task AssertRefusedAsync(HttpResponseMessage response, Article article, string message, string text)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.Empty(await App.CommentsOnAsync(article.Id));
    }

    [Fact]
    public async Task A_valid_solution_is_accepted_and_the_comment_approved()
    {
        var (article, reader) = await StartAsync();

        var id = await reader.PostAndGetIdAsync(article, "Solved fairly.");

        var comment = await App.CommentAsync(id);
        Assert.Equal(CommentStatus.Approved, comment.Status);
        Assert.Null(comment.ModerationReason);
    }

    [Fact]
    public async Task A_wrong_number_is_refused_and_the_text_kept()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Wrong number.");
        var payload = Decode(form["Altcha"]);
        // A genuine key, but for the next number: not the one the server chose.
        var counter = (uint)payload["solution"]!["counter"]! + 1;
        var challenge = Commenter.ParseChallenge(payload["challenge"]!);
        var key = AltchaProtocol.DeriveKey(challenge.Parameters.Algorithm, Convert.FromHexString(challenge.Parameters.Nonce), Convert.FromHexString(challenge.Parameters.Salt), counter, challenge.Parameters.Cost, challenge.Parameters.KeyLength);
        payload["solution"]!["counter"] = counter;
        payload["solution"]!["derivedKey"] = Convert.ToHexStringLower(key);
        form["Altcha"] = Encode(payload);

        await AssertRefusedAsync(await reader.PostAsync(form), article, "The anti-spam check did not pass", "Wrong number.");
    }

    [Fact]
    public async Task A_wrong_derived_key_is_refused()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Wrong key.");
        var payload = Decode(form["Altcha"]);
        payload["solution"]!["derivedKey"] = new string('0', 64);
        form["Altcha"] = Encode(payload);

        await AssertRefusedAsync(await reader.PostAsync(form), article, "The anti-spam check did not pass", "Wrong key.");
    }

    [Fact]
    public async Task A_challenge_with_a_wrong_signature_is_refused()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Forged challenge.");
        var payload = Decode(form["Altcha"]);
        // A longer life, which the signature no longer covers.
        payload["challenge"]!["parameters"]!["expiresAt"] = (long)payload["challenge"]!["parameters"]!["expiresAt"]! + 86_400;
        form["Altcha"] = Encode(payload);

        await AssertRefusedAsync(await reader.PostAsync(form), article, "The anti-spam check did not pass", "Forged challenge.");
    }

    [Fact]
    public async Task An_expired_challenge_is_refused_with_the_expiry_message_and_the_text_kept()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "I took a long time to write this.");
        App.Clock.Advance(TimeSpan.FromMinutes(21));

        var response = await reader.PostAsync(form);

        await AssertRefusedAsync(response, article, CommentInput.Expired, "I took a long time to write this.");
        // The page offers a way on: the form is there with a token, and its script fetches a fresh challenge.
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("#comment-form input[name=__RequestVerificationToken]"));
        Assert.Equal("", page.QuerySelector("#comment-form input[name=Altcha]")!.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task A_challenge_is_accepted_once_and_a_replay_is_refused()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Only once.");
        Assert.Equal(HttpStatusCode.Redirect, (await reader.PostAsync(form)).StatusCode);

        var replay = new Dictionary<string, string>(form) { ["Comment"] = "The same solution again." };
        var response = await reader.PostAsync(replay);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await App.CommentsOnAsync(article.Id));
        var spent = await App.WithDbAsync((db, _) => db.UsedChallenges.CountAsync());
        Assert.True(spent >= 1);
    }

    [Fact]
    public async Task Of_several_posts_racing_with_one_solution_exactly_one_is_accepted()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Race 0.");
        var posts = Enumerable.Range(0, 6).Select(i => reader.PostAsync(new Dictionary<string, string>(form) { ["Comment"] = $"Race {i}." }));

        var responses = await Task.WhenAll(posts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Single(await App.CommentsOnAsync(article.Id));
    }

    [Fact]
    public async Task Spent_challenges_are_kept_in_the_database_until_they_expire()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Spend it.");
        var signature = (string)Decode(form["Altcha"])["challenge"]!["signature"]!;
        await reader.PostAsync(form);

        var used = await App.WithDbAsync((db, _) => db.UsedChallenges.SingleAsync(u => u.Signature == signature));
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((long)Decode(form["Altcha"])["challenge"]!["parameters"]!["expiresAt"]!).UtcDateTime;
        Assert.Equal(expiresAt, used.ExpiresAt);
    }

    [Fact]
    public async Task Control_characters_are_dropped_and_line_breaks_kept_on_either_database()
    {
        var (article, reader) = await StartAsync();

        var id = await reader.PostAndGetIdAsync(article, "Escape\u001b and bell\a here.\r\nNext line.", "Ann\u0001 Reader", $"ctl-{Guid.NewGuid():N}@example.org");

        var comment = await App.CommentAsync(id);
        Assert.Equal("Escape and bell here.\nNext line.", comment.Body);
        Assert.Equal("Ann Reader", comment.AuthorName);

        // A NUL (which no browser lets anyone type) makes the whole form unreadable: a 4xx, never a server error.
        var form = await reader.FormAsync(article, "Nul\0 inside.");
        Assert.InRange((int)(await reader.PostAsync(form)).StatusCode, 400, 499);
    }

    [Fact]
    public async Task The_challenge_speaks_altcha_pow_v2_with_a_deterministic_key_prefix()
    {
        var json = JsonNode.Parse(await Client.GetStringAsync("/comments/challenge"))!;
        var parameters = json["parameters"]!;

        Assert.Equal("PBKDF2/SHA-256", (string)parameters["algorithm"]!);
        Assert.Equal(32, (int)parameters["keyLength"]!);
        // Deterministic mode: half the key is published, and the key itself is signed.
        Assert.Equal(32, ((string)parameters["keyPrefix"]!).Length);
        Assert.Equal(64, ((string)parameters["keySignature"]!).Length);
        Assert.Null(json["challenge"]);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((long)parameters["expiresAt"]!);
        Assert.InRange(expiresAt - App.Clock.GetUtcNow(), TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20.1));
        var challenge = Commenter.ParseChallenge(json);
        var keys = (AltchaKeys)App.Services.GetService(typeof(AltchaKeys))!;
        Assert.Equal((string)json["signature"]!, AltchaProtocol.Sign(challenge.Parameters, keys.ChallengeSecret));
    }

    [Fact]
    public async Task The_challenge_keys_are_generated_once_into_the_data_folder_and_never_served()
    {
        await Client.GetStringAsync("/comments/challenge");

        var keyFiles = Directory.GetFiles(Path.Combine(App.DataDir, "keys"), "altcha-*.key");
        Assert.Equal(2, keyFiles.Length);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in keyFiles)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }
}

public sealed class SqliteChallengeCheckTests(CommentApp app) : ChallengeCheckTests<CommentApp>(app), IClassFixture<CommentApp>;

public sealed class PostgresChallengeCheckTests(PostgresCommentApp app) : ChallengeCheckTests<PostgresCommentApp>(app), IClassFixture<PostgresCommentApp>;
