using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Newsroom;

/// <summary>
/// Every newsroom endpoint, read from the app's own endpoint data source, against every role and an
/// anonymous visitor. The expected capability matrix is written out here, independent of the code:
/// a page added without an entry (and so without a deliberate policy) fails this test.
/// </summary>
public sealed class NewsroomAuthorizationTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private const string Anonymous = "anonymous";
    private static readonly string[] Everyone = [.. NewsroomRoles.All];
    private static readonly string[] Writers = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Author, NewsroomRoles.Contributor];
    private static readonly string[] Uploaders = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Author];
    private static readonly string[] Desk = [NewsroomRoles.Administrator, NewsroomRoles.Editor];
    private static readonly string[] Administrators = [NewsroomRoles.Administrator];
    private static readonly string[] Moderators = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Moderator];

    /// <summary>Who may use each newsroom page; null means open to anyone (sign-in, setup, password reset).</summary>
    private static readonly Dictionary<string, string[]?> Matrix = new()
    {
        ["/newsroom/signin"] = null,
        ["/newsroom/signin/code"] = null,
        ["/newsroom/setup"] = null,
        ["/newsroom/forgot-password"] = null,
        ["/newsroom/reset-password"] = null,
        ["/newsroom"] = Everyone,
        ["/newsroom/account"] = Everyone,
        ["/newsroom/signout"] = Everyone,
        ["/newsroom/articles"] = Writers,
        ["/newsroom/articles/edit/{id:int?}"] = Writers,
        ["/newsroom/articles/{id:int}/revisions"] = Writers,
        ["/newsroom/articles/snippet"] = Writers,
        ["/newsroom/articles/trash"] = Writers,
        ["/newsroom/articles/trash/{id:int}/delete"] = Writers,
        ["/newsroom/media"] = Uploaders,
        ["/newsroom/media/upload"] = Uploaders,
        ["/newsroom/media/{id:int}"] = Uploaders,
        ["/newsroom/sections"] = Desk,
        ["/newsroom/tags"] = Desk,
        ["/newsroom/authors"] = Desk,
        ["/newsroom/authors/edit/{id:int?}"] = Desk,
        ["/newsroom/subscribers"] = Desk,
        ["/newsroom/outbox"] = Desk,
        ["/newsroom/subscribers/send-test"] = Desk,
        ["/newsroom/users"] = Administrators,
        ["/newsroom/settings"] = Administrators,
        ["/newsroom/audit"] = Administrators,
        ["/newsroom/comments"] = Moderators,
        ["/newsroom/comments/edit/{id:int}"] = Moderators,
        ["/newsroom/pages"] = Desk,
        ["/newsroom/pages/edit/{id:int?}"] = Desk,
        ["/newsroom/pages/{id:int}/revisions"] = Desk,
        ["/newsroom/webhooks"] = Administrators,
        ["/newsroom/webhooks/{id:int}"] = Administrators,
    };

    private List<RouteEndpoint> NewsroomEndpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/newsroom", StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static string Route(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/');

    [Fact]
    public void Every_newsroom_endpoint_is_in_the_capability_matrix_and_carries_a_policy()
    {
        var endpoints = NewsroomEndpoints();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var route = Route(endpoint);
            Assert.True(Matrix.ContainsKey(route), $"{route} is not in the capability matrix: decide who may use it and add it here.");
            if (Matrix[route] is null)
            {
                Assert.NotNull(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            }
            else
            {
                Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
                Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy is not null);
            }
        }

        Assert.Equal(Matrix.Keys.Order(), endpoints.Select(Route).Distinct().Order());
    }

    [Fact]
    public async Task Every_role_and_anonymous_get_exactly_what_the_matrix_allows_and_posts_without_a_token_are_refused()
    {
        var clients = new Dictionary<string, NewsroomClient> { [Anonymous] = new(App.CreateHttpClient()) };
        var articleOf = new Dictionary<string, int>();
        foreach (var role in NewsroomRoles.All)
        {
            clients[role] = await App.SignInAsNewAsync(role);
        }

        // Each writer gets an article of their own, so the article pages answer on their merits.
        foreach (var role in Writers)
        {
            articleOf[role] = await NewsroomArticles.AutosaveNewAsync(clients[role], $"Matrix story by {role}");
        }

        var pageId = await App.WithDbAsync(async (db, _) =>
        {
            var page = new Broadsheet.StaticPages.StaticPage { Title = "Matrix page", Slug = $"matrix-{Guid.NewGuid():N}", Body = "Text." };
            db.StaticPages.Add(page);
            await db.SaveChangesAsync();
            return page.Id;
        });
        var webhookId = await App.WithDbAsync(async (db, _) =>
        {
            var endpoint = new Broadsheet.Webhooks.WebhookEndpoint { Url = "https://hooks.example.org/in", Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Events = Broadsheet.Webhooks.WebhookEvents.ArticlePublished };
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            return endpoint.Id;
        });
        var authorId = await App.WithDbAsync((db, _) => db.Authors.Select(a => a.Id).FirstAsync());
        var mediaId = await App.WithDbAsync(async (db, _) =>
        {
            var item = new Broadsheet.Media.MediaItem { Path = $"2026/01/matrix-{Guid.NewGuid():N}.jpg", OriginalName = "matrix.jpg", ContentType = "image/jpeg", Width = 10, Height = 10 };
            db.MediaItems.Add(item);
            await db.SaveChangesAsync();
            return item.Id;
        });
        var failures = new List<string>();
        foreach (var endpoint in NewsroomEndpoints())
        {
            var route = Route(endpoint);
            var allowed = Matrix[route];
            foreach (var (who, client) in clients)
            {
                // Comment pages take the first demo comment; article pages the member's own article.
                var id = route.StartsWith("/newsroom/comments/", StringComparison.Ordinal) ? 1
                    : route.StartsWith("/newsroom/pages/", StringComparison.Ordinal) ? pageId
                    : route.StartsWith("/newsroom/webhooks/", StringComparison.Ordinal) ? webhookId
                    : route.StartsWith("/newsroom/authors/", StringComparison.Ordinal) ? authorId
                    : route.StartsWith("/newsroom/media/", StringComparison.Ordinal) ? mediaId
                    : articleOf.TryGetValue(who, out var own) ? own : articleOf[NewsroomRoles.Administrator];
                var path = route.Replace("{id:int?}", id.ToString(), StringComparison.Ordinal).Replace("{id:int}", id.ToString(), StringComparison.Ordinal);

                using var get = await client.Http.GetAsync(path);
                using var post = await client.Http.PostAsync(path, new FormUrlEncodedContent([new("x", "y")]));
                var expectedGet = allowed is null ? "open" : who == Anonymous ? "sign-in" : allowed.Contains(who) ? "200" : "403";
                var expectedPost = allowed is null ? "400" : who == Anonymous ? "sign-in" : allowed.Contains(who) ? "400" : "403";
                var actualGet = Outcome(get);
                var actualPost = Outcome(post);
                if (expectedGet == "open" ? actualGet is "sign-in" or "403" or "500" : actualGet != expectedGet)
                {
                    failures.Add($"GET {path} as {who}: expected {expectedGet}, got {actualGet}");
                }

                if (actualPost != expectedPost)
                {
                    failures.Add($"POST {path} without antiforgery token as {who}: expected {expectedPost}, got {actualPost}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Outcome(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Redirect when response.Headers.Location is { } location
            && location.OriginalString.Contains("/newsroom/signin?ReturnUrl=", StringComparison.OrdinalIgnoreCase) => "sign-in",
        _ => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
