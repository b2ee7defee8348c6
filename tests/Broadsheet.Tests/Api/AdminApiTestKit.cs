using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Api.Tokens;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Api;

/// <summary>A newsroom member with a fresh API token.</summary>
public sealed record TokenHolder(string UserId, string Email, string Password, int? AuthorId, string Token, int TokenId, string Role);

/// <summary>Tokens, bearer clients and owned articles for the Admin API tests.</summary>
public static class AdminApiTestKit
{
    /// <summary>A new member with the role and a token made through the token service (the page and command have their own tests).</summary>
    public static async Task<TokenHolder> NewTokenAsync(this NewsroomApp app, string role, TimeSpan? lifetime = null)
    {
        var (email, password) = await app.CreateUserAsync(role);
        return await app.WithDbAsync(async (_, services) =>
        {
            var user = (await services.GetRequiredService<UserManager<NewsroomUser>>().FindByEmailAsync(email))!;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var created = await services.GetRequiredService<ApiTokens>().CreateAsync(user, $"{role} test token", now + (lifetime ?? TimeSpan.FromDays(30)), "");
            return new TokenHolder(user.Id, email, password, user.AuthorId, created.Token, created.Id, role);
        });
    }

    public static HttpClient Bearer(this BroadsheetApp app, string? token)
    {
        var client = app.CreateHttpClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>An article created by the member, in the status asked for (published an hour ago when live).</summary>
    public static async Task<int> OwnArticleAsync(this NewsroomApp app, TokenHolder owner, ArticleStatus status, string? headline = null)
    {
        var builder = new ArticleBuilder().Status(status);
        if (headline is not null)
        {
            builder.Headline(headline);
        }

        if (status == ArticleStatus.Scheduled)
        {
            builder.PublishedIn(TimeSpan.FromDays(1));
        }

        var article = await builder.SaveAsync(app);
        await app.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedById, owner.UserId)));
        return article.Id;
    }

    public static Task<int> FirstSectionIdAsync(this BroadsheetApp app) =>
        app.WithDbAsync((db, _) => db.Sections.OrderBy(s => s.Position).Select(s => s.Id).FirstAsync());

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static StringContent ArticleJson(object body) => JsonContent(body);

    public static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), System.Text.Encoding.UTF8, "application/json");

    public static MultipartFormDataContent ImageUpload(byte[] bytes, string fileName, string? alt = "A test image")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", fileName);
        if (alt is not null)
        {
            form.Add(new StringContent(alt), "alt");
        }

        return form;
    }

    /// <summary>Asserts an RFC 9457 problem with the status, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsync(path, JsonContent(body));

    public static Task<T?> ReadAsync<T>(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web);
}
