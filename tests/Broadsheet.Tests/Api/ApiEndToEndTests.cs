using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Webhooks;
using Broadsheet.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Api;

/// <summary>
/// The whole path a newsroom tool takes: a token, an article written and published through the Admin API, and then the
/// article where readers and other programs meet it: the feed, the search page, the Content API and a signed webhook.
/// </summary>
public abstract class ApiEndToEndTests<TApp>(TApp app) : AppTest<TApp>(app), IAsyncLifetime where TApp : WebhookApp
{
    private WebhookReceiver receiver = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await receiver.DisposeAsync();
        await App.WithDbAsync((db, _) => db.WebhookEndpoints.ExecuteDeleteAsync());
        await DisposeAsync();
    }

    [Fact]
    public async Task An_article_published_through_the_api_is_in_the_feed_in_search_in_the_content_api_and_in_a_verified_webhook()
    {
        var (_, secret) = await App.AddEndpointAsync(receiver.Url(), WebhookEvents.ArticlePublished);
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        using var api = App.Bearer(editor.Token);
        // A word no demo article uses, so each place below can only be showing this article.
        var word = "quillwort" + Guid.NewGuid().ToString("N")[..6];
        var headline = $"Tide tables return to the harbour office {word}";

        using var created = await api.PostJsonAsync("/api/v1/admin/articles", new
        {
            headline,
            standfirst = "The printed tables are back by popular demand.",
            body = $"Fishers asked, and the **harbour office** listened: {word} tables for the whole year.",
            sectionId = await App.FirstSectionIdAsync(),
            tags = new[] { "Harbour" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        using (var published = await api.PostAsync($"/api/v1/admin/articles/{id}/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        Assert.Contains(headline, await Client.GetStringAsync("/feed"), StringComparison.Ordinal);

        var search = await Client.GetStringAsync($"/search?q={word}");
        Assert.Contains($"<mark>{word}</mark>", search, StringComparison.Ordinal);
        Assert.Contains("1 result", search, StringComparison.Ordinal);

        using var list = await Client.GetAsync($"/api/v1/articles?q={word}");
        var items = (await list.JsonAsync()).GetProperty("items");
        Assert.Equal(id, Assert.Single(items.EnumerateArray()).GetProperty("id").GetInt32());
        using var one = await Client.GetAsync($"/api/v1/articles/{id}");
        var detail = await one.JsonAsync();
        Assert.Equal(headline, detail.GetProperty("headline").GetString());
        Assert.Contains("<strong>harbour office</strong>", detail.GetProperty("html").GetString(), StringComparison.Ordinal);

        await App.DeliverWebhooksAsync();
        var delivery = Assert.Single(receiver.Requests);
        var payload = (await StandardWebhooksPackage.VerifyAsync(secret, [delivery]))[0];
        Assert.Equal("article.published", payload.GetProperty("type").GetString());
        Assert.Equal(id, payload.GetProperty("data").GetProperty("id").GetInt32());
        Assert.Equal(detail.GetProperty("url").GetString(), payload.GetProperty("data").GetProperty("url").GetString());
    }
}

public sealed class SqliteApiEndToEndTests(WebhookApp app) : ApiEndToEndTests<WebhookApp>(app), IClassFixture<WebhookApp>;

public sealed class PostgresApiEndToEndTests(PostgresWebhookApp app) : ApiEndToEndTests<PostgresWebhookApp>(app), IClassFixture<PostgresWebhookApp>;
