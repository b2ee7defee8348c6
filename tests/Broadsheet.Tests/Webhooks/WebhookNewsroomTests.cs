using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Webhooks;

/// <summary>The newsroom's webhook pages and the send-time address check, on the app as deployed (private targets refused).</summary>
public sealed class WebhookNewsroomTests(StrictWebhookApp app) : AppTest<StrictWebhookApp>(app), IClassFixture<StrictWebhookApp>
{
    [Fact]
    public async Task An_administrator_adds_an_endpoint_and_sees_its_secret_once()
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        using var response = await admin.PostFormAsync("/newsroom/webhooks", new()
        {
            ["Input.Url"] = "https://example.org/hooks/broadsheet",
            ["Input.Description"] = "Syndication partner",
            ["Input.Events"] = "article.published",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var secret = Html.Parse(html).QuerySelector("#new-secret")?.GetAttribute("value");
        Assert.NotNull(secret);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var endpoint = await App.WithDbAsync((db, _) => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Url == "https://example.org/hooks/broadsheet"));
        Assert.Equal(secret, endpoint.Secret);
        Assert.Equal(WebhookEvents.ArticlePublished, endpoint.Events);

        // Never again: neither the list nor the endpoint's page shows it.
        Assert.DoesNotContain(secret, await admin.Http.GetStringAsync("/newsroom/webhooks"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await admin.Http.GetStringAsync($"/newsroom/webhooks/{endpoint.Id}"), StringComparison.Ordinal);

        // Rotating shows the new one once.
        using var rotated = await admin.PostFormAsync($"/newsroom/webhooks/{endpoint.Id}?handler=Rotate", new());
        var newSecret = Html.Parse(await rotated.Content.ReadAsStringAsync()).QuerySelector("#new-secret")?.GetAttribute("value");
        Assert.NotNull(newSecret);
        Assert.NotEqual(secret, newSecret);
        Assert.Equal(newSecret, (await App.WithDbAsync((db, _) => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == endpoint.Id))).Secret);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data", "article.published", "metadata")]
    [InlineData("http://127.0.0.1:8080/hook", "article.published", "loopback")]
    [InlineData("http://localhost/hook", "article.published", "localhost")]
    [InlineData("https://example.org/no-events-chosen", null, "Choose at least one event")]
    [InlineData("javascript:alert(1)", "article.published", "http://")]
    public async Task Bad_input_comes_back_with_the_message_and_what_was_typed(string url, string? eventType, string message)
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var fields = new Dictionary<string, string> { ["Input.Url"] = url, ["Input.Description"] = "Kept description" };
        if (eventType is not null)
        {
            fields["Input.Events"] = eventType;
        }

        using var response = await admin.PostFormAsync("/newsroom/webhooks", fields);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, page.QuerySelector("form.nr-narrow")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(url, page.QuerySelector("#Input_Url")!.GetAttribute("value"));
        Assert.Equal("Kept description", page.QuerySelector("#Input_Description")!.GetAttribute("value"));
        Assert.False(await App.WithDbAsync((db, _) => db.WebhookEndpoints.AnyAsync(e => e.Url == url)));
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("localhost", "localhost")]
    [InlineData("hooks.localhost", "localhost")]
    public async Task At_send_time_a_target_on_this_machine_is_refused_and_the_log_says_why(string host, string reason)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Straight into the database, as if saved before the rule or by another tool: the sender checks again.
        var (endpointId, _) = await App.AddEndpointAsync($"http://{host}:{receiver.Port}/hook", WebhookEvents.ArticlePublished);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, $"Refused {Guid.NewGuid():N}", "Publish"));
        await App.DeliverWebhooksAsync();

        Assert.Empty(receiver.Requests);
        var attempt = await App.WithDbAsync((db, _) => db.WebhookAttempts.AsNoTracking().SingleAsync(a => a.Delivery.EndpointId == endpointId));
        Assert.Null(attempt.StatusCode);
        Assert.Contains("Refused to connect", attempt.Error, StringComparison.Ordinal);
        Assert.Contains(reason, attempt.Error, StringComparison.Ordinal);

        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        Assert.Contains(reason, await admin.Http.GetStringAsync($"/newsroom/webhooks/{endpointId}"), StringComparison.Ordinal);
        await App.WithDbAsync((db, _) => db.WebhookEndpoints.Where(e => e.Id == endpointId).ExecuteDeleteAsync());
    }

    [Theory]
    [InlineData(NewsroomRoles.Editor)]
    [InlineData(NewsroomRoles.Author)]
    public async Task Only_administrators_may_open_the_webhook_pages(string role)
    {
        var (endpointId, _) = await App.AddEndpointAsync("https://example.org/hook", WebhookEvents.ArticlePublished);
        using var member = await App.SignInAsNewAsync(role);
        using var list = await member.Http.GetAsync("/newsroom/webhooks");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var one = await member.Http.GetAsync($"/newsroom/webhooks/{endpointId}");
        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
        using var post = await member.Http.PostAsync($"/newsroom/webhooks/{endpointId}?handler=Delete", new FormUrlEncodedContent([]));
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, post.StatusCode.ToString());
        Assert.True(await App.WithDbAsync((db, _) => db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId)));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_changes_nothing()
    {
        var (endpointId, _) = await App.AddEndpointAsync("https://example.org/kept", WebhookEvents.ArticlePublished);
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        using var post = await admin.Http.PostAsync($"/newsroom/webhooks/{endpointId}?handler=Delete", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.True(await App.WithDbAsync((db, _) => db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId)));

        using var deleted = await admin.PostFormAsync($"/newsroom/webhooks/{endpointId}?handler=Delete", new(), $"/newsroom/webhooks/{endpointId}");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await App.WithDbAsync((db, _) => db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId)));
    }
}
