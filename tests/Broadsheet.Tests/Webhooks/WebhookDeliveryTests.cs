using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Webhooks;

public abstract class WebhookDeliveryTests<TApp>(TApp app) : AppTest<TApp>(app), IAsyncLifetime where TApp : WebhookApp
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
        // Later tests' endpoints only: each test sees the deliveries it caused.
        await App.WithDbAsync((db, _) => db.WebhookEndpoints.ExecuteDeleteAsync());
        await DisposeAsync();
    }

    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Publishing_an_article_delivers_article_published_whose_signature_the_standardwebhooks_package_verifies()
    {
        var (_, secret) = await App.AddEndpointAsync(receiver.Url(), WebhookEvents.ArticlePublished | WebhookEvents.ArticleUpdated);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Harbour bridge reopens");
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, headline, "Publish"));
        await App.DeliverWebhooksAsync();

        var delivery = Assert.Single(receiver.Requests);
        Assert.StartsWith("application/json", delivery.Headers["content-type"], StringComparison.Ordinal);
        var verified = await StandardWebhooksPackage.VerifyAsync(secret, [delivery]);
        var payload = verified[0];
        Assert.Equal("article.published", payload.GetProperty("type").GetString());
        Assert.EndsWith("Z", payload.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        var data = payload.GetProperty("data");
        Assert.Equal(id, data.GetProperty("id").GetInt32());
        Assert.Equal(headline, data.GetProperty("headline").GetString());
        var url = data.GetProperty("url").GetString()!;
        Assert.True(Uri.IsWellFormedUriString(url, UriKind.Absolute), url);
        Assert.EndsWith("/" + data.GetProperty("slug").GetString(), url, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(data.GetProperty("section").GetProperty("name").GetString()));

        // A signature made with another secret does not verify: the package really checks.
        await Assert.ThrowsAnyAsync<Exception>(() => StandardWebhooksPackage.VerifyAsync(WebhookSignature.NewSecret(), [delivery]));
    }

    [Fact]
    public async Task Editing_a_live_article_sends_article_updated_and_unpublishing_sends_article_unpublished()
    {
        await App.AddEndpointAsync(receiver.Url(), WebhookEvents.ArticleUpdated | WebhookEvents.ArticleUnpublished);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var form = await NewsroomArticles.FormAsync(App, Unique("Council meets"), "Publish");
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        await App.DeliverWebhooksAsync();
        Assert.Empty(receiver.Requests); // this endpoint did not ask for publications

        form["Input.Headline"] = Unique("Council meets late");
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        form["action"] = "Unpublish";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        await App.DeliverWebhooksAsync();

        var types = receiver.Requests.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(["article.updated", "article.unpublished"], types);
        Assert.Contains(form["Input.Headline"], receiver.Requests.First().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_a_held_comment_sends_comment_approved_without_the_commenters_email()
    {
        await App.AddEndpointAsync(receiver.Url(), WebhookEvents.CommentApproved);
        var commentId = await App.WithDbAsync(async (db, _) =>
        {
            var article = await db.Articles.FirstAsync(a => a.Status == ArticleStatus.Published);
            var comment = new Comment { ArticleId = article.Id, AuthorName = "Ada Reader", AuthorEmail = "ada@example.org", Body = "Held for a look.", Status = CommentStatus.Pending, CreatedAt = App.Clock.GetUtcNow().UtcDateTime };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            return comment.Id;
        });

        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await App.WithDbAsync((_, services) => services.GetRequiredService<CommentModeration>().SetStatusAsync([commentId], CommentStatus.Approved, CancellationToken.None));
        await App.DeliverWebhooksAsync();

        var delivery = Assert.Single(receiver.Requests);
        var data = System.Text.Json.JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data");
        Assert.Equal(commentId, data.GetProperty("id").GetInt32());
        Assert.Equal("Ada Reader", data.GetProperty("authorName").GetString());
        Assert.DoesNotContain("ada@example.org", delivery.Body, StringComparison.Ordinal);
        Assert.EndsWith("/comment/" + commentId, data.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirming_a_subscription_sends_subscriber_confirmed()
    {
        await App.AddEndpointAsync(receiver.Url(), WebhookEvents.SubscriberConfirmed);
        var email = $"reader-{Guid.NewGuid():N}@example.org";
        var outcome = await App.WithDbAsync(async (db, services) =>
        {
            var subscriber = new Broadsheet.Subscriptions.Subscriber { Email = email, NormalizedEmail = email.ToUpperInvariant(), LinkKey = Guid.NewGuid().ToString("N"), CreatedAt = App.Clock.GetUtcNow().UtcDateTime };
            db.Subscribers.Add(subscriber);
            await db.SaveChangesAsync();
            var link = new Broadsheet.Subscriptions.ConfirmationLink(subscriber.Id, subscriber.LinkKey, Guid.NewGuid().ToString("N"), App.Clock.GetUtcNow().UtcDateTime.AddDays(1), null, []);
            return await services.GetRequiredService<Broadsheet.Subscriptions.SubscriberChanges>().ConfirmAsync(link, CancellationToken.None);
        });
        Assert.Equal(Broadsheet.Subscriptions.ConfirmOutcome.Confirmed, outcome);
        await App.DeliverWebhooksAsync();

        var payload = System.Text.Json.JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement;
        Assert.Equal("subscriber.confirmed", payload.GetProperty("type").GetString());
        Assert.Equal(email, payload.GetProperty("data").GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_save_that_fails_leaves_no_delivery_behind()
    {
        await App.AddEndpointAsync(receiver.Url(), WebhookEvents.ArticleDeleted);
        var failed = await App.WithDbAsync(async (db, services) =>
        {
            var article = await db.Articles.AsNoTracking().FirstAsync(a => a.Status == ArticleStatus.Published);
            await services.GetRequiredService<WebhookOutbox>().ArticleDeletedAsync(db, article);
            // The same unit of work also holds a change the database refuses (a section that does not exist).
            db.Articles.Add(new Article { Headline = "Orphan", Slug = Unique("orphan").Replace(' ', '-'), Body = "", SectionId = 999_999, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            try
            {
                await db.SaveChangesAsync();
                return false;
            }
            catch (DbUpdateException)
            {
                return true;
            }
        });

        Assert.True(failed);
        App.Errors.Clear(); // EF Core logs the refused insert: expected here
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.WebhookDeliveries.CountAsync(d => d.EventType == "article.deleted")));
        await App.DeliverWebhooksAsync();
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_500_is_retried_after_the_backoff_every_attempt_is_logged_and_redeliver_sends_the_same_message_again()
    {
        var (endpointId, _) = await App.AddEndpointAsync(receiver.Url(), WebhookEvents.ArticlePublished);
        receiver.Answers.Enqueue(500);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, Unique("Retry story"), "Publish"));
        await App.DeliverWebhooksAsync();
        var delivery = await App.WithDbAsync((db, _) => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.EndpointId == endpointId));
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(500, delivery.LastStatusCode);

        // Not before the first wait (5 s here) has passed.
        App.Clock.Advance(TimeSpan.FromSeconds(4));
        await App.DeliverWebhooksAsync();
        Assert.Single(receiver.Requests);
        App.Clock.Advance(TimeSpan.FromSeconds(2));
        await App.DeliverWebhooksAsync();
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await App.WithDbAsync((db, _) => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id))).Status);
        Assert.Single(receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct());

        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var page = Html.Parse(await admin.Http.GetStringAsync($"/newsroom/webhooks/{endpointId}"));
        var attempts = page.QuerySelectorAll(".nr-delivery tbody tr").Select(r => r.Children[1].TextContent.Trim()).ToList();
        Assert.Equal(["500", "200"], attempts);
        Assert.Contains("answered 500", page.QuerySelector(".nr-delivery tbody")!.TextContent, StringComparison.Ordinal);

        using var redeliver = await admin.PostFormAsync($"/newsroom/webhooks/{endpointId}?handler=Redeliver", new() { ["delivery"] = delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, redeliver.StatusCode);
        await App.DeliverWebhooksAsync();
        Assert.Equal(3, receiver.Requests.Count);
        var last = receiver.Requests.Last();
        Assert.Equal(delivery.MessageId, last.Headers["webhook-id"]);
        Assert.Equal(receiver.Requests.First().Body, last.Body);
    }

    [Fact]
    public async Task An_endpoint_failing_longer_than_the_configured_time_is_disabled_and_its_waiting_deliveries_given_up()
    {
        var (endpointId, _) = await App.AddEndpointAsync(receiver.Url(), WebhookEvents.ArticlePublished);
        for (var i = 0; i < 10; i++)
        {
            receiver.Answers.Enqueue(503);
        }

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, Unique("Failing one"), "Publish"));
        await App.DeliverWebhooksAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, Unique("Failing two"), "Publish"));
        await App.DeliverWebhooksAsync();
        Assert.True((await App.WithDbAsync((db, _) => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == endpointId))).Enabled);

        // The configured limit here is one hour of nothing but failures.
        App.Clock.Advance(TimeSpan.FromMinutes(55));
        await App.DeliverWebhooksAsync();
        var endpoint = await App.WithDbAsync((db, _) => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == endpointId));
        Assert.False(endpoint.Enabled);
        Assert.NotNull(endpoint.DisabledAt);
        Assert.Contains("failed", endpoint.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.WebhookDeliveries.CountAsync(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Pending)));
        Assert.True(await App.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.Action == "Webhook endpoint disabled after failing")));

        // Nothing more is queued for it.
        var before = receiver.Requests.Count;
        await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, Unique("After disabling"), "Publish"));
        App.Clock.Advance(TimeSpan.FromHours(3));
        await App.DeliverWebhooksAsync();
        Assert.Equal(before, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_the_log_says_so()
    {
        var (endpointId, _) = await App.AddEndpointAsync(receiver.Url("/redirect"), WebhookEvents.ArticlePublished);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, Unique("Redirected"), "Publish"));
        await App.DeliverWebhooksAsync();

        Assert.Equal(["/redirect"], receiver.Requests.Select(r => r.Path));
        var attempt = await App.WithDbAsync((db, _) => db.WebhookAttempts.AsNoTracking().SingleAsync(a => a.Delivery.EndpointId == endpointId));
        Assert.Equal(302, attempt.StatusCode);
        Assert.Contains("redirects are not followed", attempt.Error, StringComparison.Ordinal);
    }
}

public sealed class SqliteWebhookDeliveryTests(WebhookApp app) : WebhookDeliveryTests<WebhookApp>(app), IClassFixture<WebhookApp>;

public sealed class PostgresWebhookDeliveryTests(PostgresWebhookApp app) : WebhookDeliveryTests<PostgresWebhookApp>(app), IClassFixture<PostgresWebhookApp>;
