using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Broadsheet.Tests.Subscriptions;

/// <summary>
/// The app delivering over SMTP to the test's server, with a challenge cheap enough to solve in a test and limits no
/// test reaches by accident (<see cref="RateLimitedApp"/> has small ones).
/// </summary>
public class SubscriptionApp : MailApp
{
    public SubscriptionApp()
        : this(100_000, 100_000)
    {
    }

    protected SubscriptionApp(int perMinute, int perAddressPerHour)
    {
        foreach (var (key, value) in CommentApp.CommentSettings)
        {
            Configure(key, value);
        }

        Configure("Broadsheet:Subscriptions:AttemptsPerMinute", perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Configure("Broadsheet:Subscriptions:AttemptsPerAddressPerHour", perAddressPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public string PathOf(Broadsheet.Articles.Article article) =>
        Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);

    public Task<List<(int Id, string Name)>> SectionsAsync() => WithDbAsync(async (db, _) =>
        (await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync())
            .Select(s => (s.Id, s.Name)).ToList());

    public Task<Subscriber?> SubscriberAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        return WithDbAsync((db, _) => db.Subscribers.AsNoTracking().Include(s => s.Sections).FirstOrDefaultAsync(s => s.NormalizedEmail == normalized));
    }

    public Task<List<DiscussionFollow>> FollowsAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        return WithDbAsync((db, _) => db.DiscussionFollows.AsNoTracking().Where(f => f.Subscriber.NormalizedEmail == normalized).OrderBy(f => f.Id).ToListAsync());
    }

    /// <summary>Delivers what is due and returns the confirmation mails the address has received so far.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> ConfirmationsForAsync(string email)
    {
        await DeliverMailAsync();
        return Smtp.For(email).Where(m => (m.Message.Subject ?? "").StartsWith("Confirm your subscription", StringComparison.Ordinal)).ToList();
    }
}

/// <summary>Two attempts an hour for one address (and no limit per client that a test reaches).</summary>
public sealed class AddressLimitedApp() : SubscriptionApp(perMinute: 100_000, perAddressPerHour: 2);

/// <summary>Three attempts a minute from one client (and no limit per address that a test reaches).</summary>
public sealed class ClientLimitedApp() : SubscriptionApp(perMinute: 3, perAddressPerHour: 100_000);

/// <summary>
/// A reader's browser as HTTP: keeps cookies, reads the form's antiforgery token and challenge like the page, solves
/// the challenge like the worker (or not, like a browser without JavaScript) and follows links from mail.
/// </summary>
public sealed class SubscribeReader(HttpClient http, FakeTimeProvider clock) : IDisposable
{
    public SubscribeReader(SubscriptionApp app)
        : this(app.CreateHttpClient(), app.Clock)
    {
    }

    public HttpClient Http { get; } = http;

    public static IDocument Parse(string html) => Html.Parse(html);

    public async Task<IDocument> PageAsync(string path) => Parse(await Http.GetStringAsync(path));

    /// <summary>The form's fields as the page shows them (all sections ticked, the first frequency chosen), with the reader's choices.</summary>
    public static List<KeyValuePair<string, string>> Fields(IDocument page, string email, string? frequency = null, IEnumerable<int>? sections = null)
    {
        var form = page.QuerySelector("form[data-subscribe-form]") ?? page.QuerySelector("main form")!;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("Input.Email", email),
            new("Input.Frequency", frequency ?? form.QuerySelector("input[name='Input.Frequency'][checked]")!.GetAttribute("value")!),
        };
        var ids = sections?.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? form.QuerySelectorAll("input[name='Input.Sections'][checked]").Select(i => i.GetAttribute("value")!);
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("Input.Sections", id)));
        return fields;
    }

    /// <summary>Subscribes as a reader whose script ran: the challenge solved and sent with the form.</summary>
    public async Task<HttpResponseMessage> SubscribeAsync(string email, string? frequency = null, IEnumerable<int>? sections = null)
    {
        var page = await PageAsync("/subscribe");
        var fields = Fields(page, email, frequency, sections);
        var challenge = JsonNode.Parse(page.QuerySelector("form[data-subscribe-form]")!.GetAttribute("data-challenge-json")!)!;
        fields.Add(new("Input.Altcha", Commenter.Solve(challenge)));
        return await Http.PostAsync("/subscribe", new FormUrlEncodedContent(fields));
    }

    /// <summary>Subscribes without JavaScript: the form, then the confirming step it answers with, sent back a moment later.</summary>
    public async Task<HttpResponseMessage> SubscribeWithoutScriptAsync(string email, string? frequency = null, IEnumerable<int>? sections = null)
    {
        var page = await PageAsync("/subscribe");
        using var first = await Http.PostAsync("/subscribe", new FormUrlEncodedContent(Fields(page, email, frequency, sections)));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var step = Parse(await first.Content.ReadAsStringAsync());
        clock.Advance(TimeSpan.FromSeconds(5));
        return await PostFormAsync(step.QuerySelector("main form")!);
    }

    /// <summary>Sends a form of a page as its submit button would, with its hidden and ticked fields.</summary>
    public Task<HttpResponseMessage> PostFormAsync(IElement form, params KeyValuePair<string, string>[] extra)
    {
        var fields = form.QuerySelectorAll("input")
            .Where(i => i.GetAttribute("name") is not null && (i.GetAttribute("type") is not ("checkbox" or "radio") || i.HasAttribute("checked")))
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Where(f => extra.All(e => e.Key != f.Key))
            .Concat(extra);
        return Http.PostAsync(WebUtility.HtmlDecode(form.GetAttribute("action")!), new FormUrlEncodedContent(fields));
    }

    /// <summary>Opens the confirmation link from the mail and presses its button.</summary>
    public async Task<HttpResponseMessage> ConfirmAsync(ReceivedMail mail)
    {
        var page = await PageAsync(Link(mail, "/subscribe/confirm?token="));
        return await PostFormAsync(page.QuerySelector("main form")!);
    }

    /// <summary>The absolute link in the mail's text whose path starts with <paramref name="path"/>.</summary>
    public static string Link(ReceivedMail mail, string path)
    {
        var at = mail.Text.IndexOf(path, StringComparison.Ordinal);
        Assert.True(at > 0, $"No {path} link in:\n{mail.Text}");
        var origin = mail.Text[..at].Split('\n', ' ')[^1];
        return mail.Link(origin + path);
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>The subscription app on a fresh PostgreSQL database.</summary>
public sealed class PostgresSubscriptionApp : SubscriptionApp
{
    public PostgresSubscriptionApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}
