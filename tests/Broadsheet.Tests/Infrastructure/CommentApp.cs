using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Site;
using Broadsheet.Spam;
using Broadsheet.Tests.Spam;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The app for comment tests: the newsroom app's test clock, a challenge cheap enough to solve in a test
/// (the protocol is the same; only the work is small), and a posting limit no test reaches by accident.
/// </summary>
public class CommentApp : NewsroomApp
{
    public CommentApp()
    {
        foreach (var (key, value) in CommentSettings)
        {
            Configure(key, value);
        }
    }

    /// <summary>The settings that make comments testable, for an app in the test process or in its own.</summary>
    public static IReadOnlyDictionary<string, string> CommentSettings { get; } = new Dictionary<string, string>
    {
        ["Broadsheet:Spam:Cost"] = "1",
        ["Broadsheet:Spam:CounterMin"] = "0",
        ["Broadsheet:Spam:CounterMax"] = "40",
        ["Broadsheet:Comments:PostsPerMinute"] = "100000",
        ["Broadsheet:Comments:ReportsPerMinute"] = "100000",
    };

    public string PathOf(Article article) =>
        Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);

    /// <summary>Changes the discussion settings as an Administrator would, and applies them at once.</summary>
    public Task SetDiscussionAsync(Action<DiscussionSettings> change) => WithDbAsync(async (db, services) =>
    {
        var store = services.GetRequiredService<SiteSettingsStore>();
        var saved = await db.SiteSettings.FindAsync(1);
        if (saved is null)
        {
            saved = store.Snapshot();
            db.SiteSettings.Add(saved);
        }

        change(saved.Discussion);
        // The store applies settings whose time changed; the test clock stands still, so each save moves it on by a
        // millisecond, which PostgreSQL's microseconds keep (random ticks could round to the previous save's time).
        var now = Clock.GetUtcNow().UtcDateTime;
        saved.UpdatedAt = (saved.UpdatedAt > now ? saved.UpdatedAt : now).AddMilliseconds(1);
        await db.SaveChangesAsync();
        await store.RefreshAsync(db);
        await services.GetRequiredService<PageCacheEviction>().SiteChangedAsync();
        return 0;
    });

    public Task<Comment> CommentAsync(int id) =>
        WithDbAsync((db, _) => db.Comments.AsNoTracking().SingleAsync(c => c.Id == id));

    public Task<List<Comment>> CommentsOnAsync(int articleId) =>
        WithDbAsync((db, _) => db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId).OrderBy(c => c.Id).ToListAsync());
}

/// <summary>The comment app on a fresh PostgreSQL database.</summary>
public sealed class PostgresCommentApp : CommentApp
{
    public PostgresCommentApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

/// <summary>
/// A reader's browser as HTTP: keeps cookies, fetches the form state like the page's script, solves the
/// challenge like the worker, and posts the form. Against an app on the real clock (<paramref name="clock"/>
/// null, an app in its own process) the reader's writing time cannot be simulated: start that app with a
/// zero Broadsheet:Comments:MinimumFillTime.
/// </summary>
public sealed partial class Commenter(HttpClient http, FakeTimeProvider? clock) : IDisposable
{
    public Commenter(CommentApp app)
        : this(app.CreateHttpClient(), app.Clock)
    {
    }

    public HttpClient Http { get; } = http;

    public sealed record State(string Token, string Stamp, JsonNode Challenge, JsonNode? Commenter, JsonArray Held);

    public async Task<State> StateAsync(int articleId)
    {
        var json = JsonNode.Parse(await Http.GetStringAsync($"/comments/state?article={articleId}"))!;
        return new State((string)json["token"]!, (string)json["stamp"]!, json["challenge"]!, json["commenter"], json["held"]!.AsArray());
    }

    public static AltchaChallenge ParseChallenge(JsonNode json)
    {
        var p = json["parameters"]!;
        return new AltchaChallenge(
            new AltchaParameters((string)p["algorithm"]!, (string)p["nonce"]!, (string)p["salt"]!, (int)p["cost"]!, (int)p["keyLength"]!,
                (string)p["keyPrefix"]!, (string?)p["keySignature"], (long?)p["expiresAt"]),
            (string)json["signature"]!);
    }

    /// <summary>The payload the widget would submit for this challenge.</summary>
    public static string Solve(JsonNode challengeJson)
    {
        var challenge = ParseChallenge(challengeJson);
        var solution = AltchaSolver.Solve(challenge, 100_000) ?? throw new InvalidOperationException("The test challenge had no solution.");
        return AltchaSolver.EncodePayload(challenge, solution);
    }

    /// <summary>The form as the script sends it: token, stamp, solved challenge and the reader's fields.</summary>
    public async Task<Dictionary<string, string>> FormAsync(
        Article article, string comment, string name = "Ann Reader", string email = "ann@example.org", string? website = null,
        int? parentId = null, bool remember = false, TimeSpan? typing = null)
    {
        var state = await StateAsync(article.Id);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = state.Token,
            ["Stamp"] = state.Stamp,
            ["ArticleId"] = article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ParentId"] = parentId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["Comment"] = comment,
            ["Name"] = name,
            ["Email"] = email,
            ["Website"] = website ?? "",
            ["Trap"] = "",
            ["Altcha"] = Solve(state.Challenge),
        };
        if (remember)
        {
            form["Remember"] = "true";
        }

        // A person takes a while to write; the form's signed time must show it.
        clock?.Advance(typing ?? TimeSpan.FromSeconds(10));
        return form;
    }

    public Task<HttpResponseMessage> PostAsync(Dictionary<string, string> form) =>
        Http.PostAsync("/comments/reply", new FormUrlEncodedContent(form));

    /// <summary>Posts a comment as a reader whose script ran; returns the response.</summary>
    public async Task<HttpResponseMessage> PostAsync(Article article, string comment, string name = "Ann Reader", string email = "ann@example.org", string? website = null, int? parentId = null) =>
        await PostAsync(await FormAsync(article, comment, name, email, website, parentId));

    /// <summary>Posts and returns the new comment's id from the redirect.</summary>
    public async Task<int> PostAndGetIdAsync(Article article, string comment, string name = "Ann Reader", string email = "ann@example.org", string? website = null, int? parentId = null)
    {
        var response = await PostAsync(article, comment, name, email, website, parentId);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}: {Excerpt(await response.Content.ReadAsStringAsync())}");
        return IdFrom(response);
    }

    public static int IdFrom(HttpResponseMessage response)
    {
        var location = response.Headers.Location!.OriginalString;
        var match = CommentAnchor().Match(location);
        if (!match.Success)
        {
            match = HeldQuery().Match(location);
        }

        if (!match.Success)
        {
            match = Permalink().Match(location);
        }

        Assert.True(match.Success, $"No comment id in {location}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Excerpt(string html)
    {
        var message = FormMessage().Match(html);
        return message.Success ? message.Groups[1].Value : html[..Math.Min(html.Length, 300)];
    }

    [GeneratedRegex(@"#comment-(\d+)$")]
    private static partial Regex CommentAnchor();

    [GeneratedRegex(@"^/comment/(\d+)$")]
    private static partial Regex Permalink();

    [GeneratedRegex(@"[?&]held=(\d+)")]
    private static partial Regex HeldQuery();

    [GeneratedRegex(@"data-form-message>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex FormMessage();

    public void Dispose() => Http.Dispose();
}
