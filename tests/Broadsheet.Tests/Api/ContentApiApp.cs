using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Api;

/// <summary>The newsroom app (so tests can change things as the newsroom does) in a zone west of UTC, so UTC times stand out.</summary>
public class ContentApiApp : NewsroomApp
{
    public ContentApiApp() => Configure("Broadsheet:Site:TimeZone", "America/New_York");
}

public sealed class PostgresContentApiApp : ContentApiApp
{
    public PostgresContentApiApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

/// <summary>One answer of the API: status, JSON, headers.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonElement Json, HttpResponseHeaders Headers, string? ContentType, string Body)
{
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    public JsonElement.ArrayEnumerator Items => Json.GetProperty("items").EnumerateArray();

    public IReadOnlyList<int> Ids => [.. Items.Select(e => e.GetProperty("id").GetInt32())];

    /// <summary>Asserts RFC 9457 problem details with this status, and returns the problem.</summary>
    public JsonElement AssertProblem(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(Json.GetProperty("title").GetString()));
        return Json;
    }
}

public static class ApiHttp
{
    public static async Task<ApiAnswer> ApiAsync(this HttpClient client, string path, HttpMethod? method = null, Action<HttpRequestMessage>? prepare = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        prepare?.Invoke(request);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        JsonElement json = default;
        if (body.Length > 0)
        {
            try
            {
                json = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new Xunit.Sdk.XunitException($"{request.Method} {path} answered something other than JSON ({(int)response.StatusCode}): {body[..Math.Min(body.Length, 300)]}");
            }
        }

        return new ApiAnswer(response.StatusCode, json, response.Headers, response.Content.Headers.ContentType?.MediaType, body);
    }

    public static async Task<ApiAnswer> ApiOkAsync(this HttpClient client, string path)
    {
        var answer = await client.ApiAsync(path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {path} answered {(int)answer.Status}: {answer.Body}");
        Assert.Equal("application/json", answer.ContentType);
        return answer;
    }

    public static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";
}
