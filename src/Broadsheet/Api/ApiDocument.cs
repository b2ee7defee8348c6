using System.Text.Json.Nodes;
using Broadsheet.Api.Content;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Broadsheet.Api;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) is generated from the endpoints; this adds what they cannot say
/// themselves: the site's name and address, the types of the text-bound query parameters, and examples.
/// </summary>
internal static class ApiDocument
{
    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        // Only the API: the site's other JSON endpoints (the WordPress API, comment forms) are described elsewhere or not at all.
        // HEAD, which the Content API answers as GET without the body, is not an operation of its own.
        options.ShouldInclude = description => description.RelativePath?.StartsWith(ApiSetup.Prefix.TrimStart('/'), StringComparison.Ordinal) == true
            && !HttpMethods.IsHead(description.HttpMethod ?? "");
        options.AddDocumentTransformer((document, context, _) =>
        {
            var services = context.ApplicationServices;
            var settings = services.GetRequiredService<SiteSettingsStore>();
            var urls = services.GetRequiredService<IHttpContextAccessor>().HttpContext?.RequestServices.GetService<SiteUrls>();
            document.Info = new OpenApiInfo
            {
                Title = $"{settings.Title} API",
                Version = ApiSetup.DocumentName,
                Description = "The public, read-only Content API (published articles, sections, tags, authors, static pages and "
                    + "approved comments) and the Admin API. Times are UTC (ISO 8601), URLs absolute, errors RFC 9457 problem details "
                    + "(`application/problem+json`). Answers carry an ETag (send If-None-Match for a 304) and are rate-limited per client (429 with Retry-After).",
            };
            if (urls is not null)
            {
                document.Servers = [new OpenApiServer { Url = urls.Origin, Description = "This site" }];
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter { In: ParameterLocation.Query } query && TypedParameter(query.Name) is { } schema)
                {
                    query.Schema = schema;
                }
            }

            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response is OpenApiResponse { Content: { } content } && content.TryGetValue("application/problem+json", out var media)
                    && int.TryParse(status, out var code))
                {
                    media.Example = ProblemExample(code, context.Description.RelativePath);
                }
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
            {
                schema.Description = "An error, as RFC 9457 problem details (`application/problem+json`).";
            }
            else if (type == typeof(ArticleSummary) || type == typeof(ArticleDetail))
            {
                schema.Examples = [ArticleExample(detail: type == typeof(ArticleDetail))];
            }

            return Task.CompletedTask;
        });
    }

    private static OpenApiSchema? TypedParameter(string? name) => name switch
    {
        "page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "100000", Default = JsonValue.Create(1) },
        "per_page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "100", Default = JsonValue.Create(20) },
        "from" or "to" => new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create("2024-04-24"), JsonValue.Create("2024-04-24T09:30:00Z")] },
        _ => null,
    };

    private static JsonObject ProblemExample(int status, string? path) => status switch
    {
        StatusCodes.Status400BadRequest => new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            ["title"] = "One or more query parameters are not valid.",
            ["status"] = 400,
            ["detail"] = "per_page: Must be a whole number from 1 to 100.",
            ["instance"] = "/" + path,
            ["errors"] = new JsonObject { ["per_page"] = new JsonArray("Must be a whole number from 1 to 100.") },
        },
        StatusCodes.Status429TooManyRequests => new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc6585#section-4",
            ["title"] = "Too Many Requests",
            ["status"] = 429,
            ["detail"] = "Too many requests from this client; try again in 30 seconds.",
            ["instance"] = "/" + path,
        },
        _ => new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            ["title"] = "Not Found",
            ["status"] = status,
            ["detail"] = "No published article has the id 42.",
            ["instance"] = "/" + path,
        },
    };

    private static JsonObject ArticleExample(bool detail)
    {
        var example = new JsonObject
        {
            ["id"] = 42,
            ["slug"] = "harbour-bridge-reopens",
            ["headline"] = "Harbour bridge reopens after repairs",
            ["standfirst"] = "Traffic returns to the crossing after six weeks.",
            ["url"] = "https://news.example.org/2024/04/24/harbour-bridge-reopens",
            ["apiUrl"] = "https://news.example.org/api/v1/articles/42",
            ["publishedAt"] = "2024-04-24T09:30:00Z",
            ["updatedAt"] = "2024-04-24T11:02:17Z",
            ["isSticky"] = false,
            ["section"] = new JsonObject { ["id"] = 1, ["slug"] = "city", ["name"] = "City", ["url"] = "https://news.example.org/section/city" },
            ["tags"] = new JsonArray(new JsonObject { ["id"] = 7, ["slug"] = "transport", ["name"] = "Transport", ["url"] = "https://news.example.org/tag/transport" }),
            ["authors"] = new JsonArray(new JsonObject { ["id"] = 3, ["slug"] = "ada-reporter", ["name"] = "Ada Reporter", ["url"] = "https://news.example.org/author/ada-reporter" }),
            ["image"] = null,
        };
        if (detail)
        {
            example["body"] = "The bridge *reopened* this morning.";
            example["bodyFormat"] = "markdown";
            example["html"] = "<p>The bridge <em>reopened</em> this morning.</p>\n";
            example["commentsOpen"] = true;
            example["commentsUrl"] = "https://news.example.org/api/v1/articles/42/comments";
        }

        return example;
    }
}
