using System.Globalization;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Api;

/// <summary>
/// The newsroom's capability matrix extended to the Admin API: every endpoint under <c>/api/v1/admin</c>, read from
/// the app's own endpoint data source, for every role and for no token, an expired token, a revoked token and the
/// token of a disabled account. The expectations are written out here, independent of the code: an endpoint added
/// without a row fails.
/// </summary>
public sealed class AdminApiAuthorizationTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private const string NoToken = "no token";
    private const string Expired = "expired token";
    private const string Revoked = "revoked token";
    private const string Disabled = "disabled owner";

    private static readonly string[] Writers = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Author, NewsroomRoles.Contributor];
    private static readonly string[] Publishers = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Author];
    private static readonly string[] Uploaders = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Author];
    private static readonly string[] Desk = [NewsroomRoles.Administrator, NewsroomRoles.Editor];
    private static readonly string[] Moderators = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Moderator];

    /// <summary>Each endpoint: who succeeds and with which status; every other role gets 403, every bad token 401.</summary>
    private static readonly Dictionary<string, (string[] Allowed, HttpStatusCode Success)> Matrix = new()
    {
        ["GET /api/v1/admin/articles"] = (Writers, HttpStatusCode.OK),
        ["GET /api/v1/admin/articles/{id:int}"] = (Writers, HttpStatusCode.OK),
        ["POST /api/v1/admin/articles"] = (Writers, HttpStatusCode.Created),
        ["PUT /api/v1/admin/articles/{id:int}"] = (Writers, HttpStatusCode.OK),
        // Contributors only submit: the article rules refuse them on top of the policy.
        ["POST /api/v1/admin/articles/{id:int}/publish"] = (Publishers, HttpStatusCode.OK),
        ["POST /api/v1/admin/articles/{id:int}/schedule"] = (Publishers, HttpStatusCode.OK),
        ["POST /api/v1/admin/articles/{id:int}/unpublish"] = (Publishers, HttpStatusCode.OK),
        ["DELETE /api/v1/admin/articles/{id:int}"] = (Writers, HttpStatusCode.NoContent),
        ["POST /api/v1/admin/media"] = (Uploaders, HttpStatusCode.Created),
        ["GET /api/v1/admin/comments"] = (Moderators, HttpStatusCode.OK),
        ["POST /api/v1/admin/comments/{id:int}/approve"] = (Moderators, HttpStatusCode.OK),
        ["POST /api/v1/admin/comments/{id:int}/spam"] = (Moderators, HttpStatusCode.OK),
        ["POST /api/v1/admin/comments/{id:int}/reject"] = (Moderators, HttpStatusCode.OK),
        ["POST /api/v1/admin/comments/{id:int}/pending"] = (Moderators, HttpStatusCode.OK),
        ["DELETE /api/v1/admin/comments/{id:int}"] = (Moderators, HttpStatusCode.NoContent),
        ["GET /api/v1/admin/subscribers"] = (Desk, HttpStatusCode.OK),
        ["GET /api/v1/admin/subscribers/export"] = (Desk, HttpStatusCode.OK),
    };

    private List<string> AdminEndpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/api/v1/admin", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToList();

    [Fact]
    public void Every_admin_api_endpoint_has_a_row_and_takes_only_a_token()
    {
        var endpoints = AdminEndpoints();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            Assert.True(Matrix.ContainsKey(endpoint), $"{endpoint} is not in the Admin API matrix: decide who may use it and add a row.");
        }

        Assert.Equal(Matrix.Keys.Order(), endpoints.Order());
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                     .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/v1/admin", StringComparison.Ordinal)))
        {
            var data = endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>();
            Assert.Contains(data, a => a.Policy is not null && a.AuthenticationSchemes == "ApiToken");
        }
    }

    [Fact]
    public async Task Every_role_and_every_bad_token_get_exactly_what_the_matrix_says_on_every_endpoint()
    {
        var holders = new Dictionary<string, TokenHolder>();
        foreach (var role in NewsroomRoles.All)
        {
            holders[role] = await App.NewTokenAsync(role);
        }

        var expired = await App.NewTokenAsync(NewsroomRoles.Administrator);
        var revoked = await App.NewTokenAsync(NewsroomRoles.Administrator);
        var disabled = await App.NewTokenAsync(NewsroomRoles.Administrator);
        var now = App.Clock.GetUtcNow().UtcDateTime;
        await App.WithDbAsync(async (db, services) =>
        {
            await db.ApiTokens.Where(t => t.Id == expired.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, now.AddMinutes(-1)));
            await db.ApiTokens.Where(t => t.Id == revoked.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now.AddMinutes(-1)));
            var users = services.GetRequiredService<UserManager<NewsroomUser>>();
            await services.GetRequiredService<NewsroomAccounts>().SetDisabledAsync((await users.FindByIdAsync(disabled.UserId))!, true);
            return 0;
        });

        var callers = new List<(string Who, TokenHolder? Holder, string? Token)> { (NoToken, null, null), (Expired, expired, expired.Token), (Revoked, revoked, revoked.Token), (Disabled, disabled, disabled.Token) };
        callers.AddRange(NewsroomRoles.All.Select(role => (role, (TokenHolder?)holders[role], (string?)holders[role].Token)));
        var sectionId = await App.FirstSectionIdAsync();
        var failures = new List<string>();
        foreach (var endpoint in AdminEndpoints())
        {
            var (allowed, success) = Matrix[endpoint];
            foreach (var (who, holder, token) in callers)
            {
                // Each call gets its own fresh resource (an article of the caller's, a pending comment), so the
                // answer depends on who is asking and on nothing done before.
                using var request = await RequestAsync(endpoint, holder ?? holders[NewsroomRoles.Administrator], sectionId);
                using var client = App.Bearer(token);
                using var response = await client.SendAsync(request);
                var expected = holder is null || who is Expired or Revoked or Disabled ? HttpStatusCode.Unauthorized
                    : allowed.Contains(who) ? success : HttpStatusCode.Forbidden;
                if (response.StatusCode != expected)
                {
                    failures.Add($"{endpoint} as {who}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                else if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{endpoint} as {who}: {(int)expected} is not application/problem+json");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<HttpRequestMessage> RequestAsync(string endpoint, TokenHolder caller, int sectionId)
    {
        var method = new HttpMethod(endpoint.Split(' ')[0]);
        var route = endpoint.Split(' ')[1];
        var id = 0;
        HttpContent? content = null;
        if (route.StartsWith("/api/v1/admin/articles/{id:int}", StringComparison.Ordinal))
        {
            id = await App.OwnArticleAsync(caller, route.EndsWith("/unpublish", StringComparison.Ordinal) ? ArticleStatus.Published : ArticleStatus.Draft);
        }
        else if (route.StartsWith("/api/v1/admin/comments/{id:int}", StringComparison.Ordinal))
        {
            var article = await new ArticleBuilder().WithComment("Reader", "A comment to moderate.", commentStatus: CommentStatus.Pending).SaveAsync(App);
            id = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Id).SingleAsync());
        }

        if (route == "/api/v1/admin/media")
        {
            content = AdminApiTestKit.ImageUpload(TestImages.Png(40, 30), "matrix.png");
        }
        else if (method == HttpMethod.Post && route.EndsWith("/schedule", StringComparison.Ordinal))
        {
            content = AdminApiTestKit.JsonContent(new { publishAt = App.Clock.GetUtcNow().AddDays(3) });
        }
        else if (route is "/api/v1/admin/articles" or "/api/v1/admin/articles/{id:int}" && (method == HttpMethod.Post || method == HttpMethod.Put))
        {
            content = AdminApiTestKit.JsonContent(new { headline = $"Matrix {Guid.NewGuid():N}", body = "Text.", sectionId });
        }

        return new HttpRequestMessage(method, route.Replace("{id:int}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)) { Content = content };
    }
}
