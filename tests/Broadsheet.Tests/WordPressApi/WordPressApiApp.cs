using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.WordPressApi;

/// <summary>
/// The newsroom app in a zone west of UTC, so that WordPress's local <c>date</c> and its <c>date_gmt</c> differ
/// and a test can tell them apart.
/// </summary>
public class WordPressApiApp : NewsroomApp
{
    public const string Zone = "America/New_York";

    public WordPressApiApp() => Configure("Broadsheet:Site:TimeZone", Zone);
}

public sealed class PostgresWordPressApiApp : WordPressApiApp
{
    public PostgresWordPressApiApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

/// <summary>One answer of the API: its status, JSON and headers.</summary>
public sealed record WpAnswer(HttpStatusCode Status, JsonElement Json, HttpResponseHeaders Headers, string? ContentType, string Body)
{
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    public int Total => int.Parse(Header("X-WP-Total")!, System.Globalization.CultureInfo.InvariantCulture);

    public int TotalPages => int.Parse(Header("X-WP-TotalPages")!, System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlyList<int> Ids => [.. Json.EnumerateArray().Select(e => e.GetProperty("id").GetInt32())];

    /// <summary>Asserts a WordPress-style error: JSON with the code, a message and the status repeated under data.</summary>
    public void AssertError(HttpStatusCode status, string code)
    {
        Assert.True(Status == status, $"Expected {(int)status} {code}, got {(int)Status}: {Body}");
        Assert.StartsWith("application/json", ContentType, StringComparison.Ordinal);
        Assert.Equal(code, Json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(Json.GetProperty("message").GetString()));
        Assert.Equal((int)status, Json.GetProperty("data").GetProperty("status").GetInt32());
    }
}

public static class WpHttp
{
    public static async Task<WpAnswer> WpAsync(this HttpClient client, string path, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{request.Method} {path} answered {(int)response.StatusCode}: {body}");
        JsonElement json;
        try
        {
            json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"{request.Method} {path} answered something other than JSON ({(int)response.StatusCode}): {body[..Math.Min(body.Length, 300)]}");
        }

        return new WpAnswer(response.StatusCode, json, response.Headers, response.Content.Headers.ContentType?.ToString(), body);
    }

    /// <summary>GET that must succeed.</summary>
    public static async Task<WpAnswer> WpOkAsync(this HttpClient client, string path)
    {
        var answer = await client.WpAsync(path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {path} answered {(int)answer.Status}: {answer.Body}");
        return answer;
    }

    public static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";
}
