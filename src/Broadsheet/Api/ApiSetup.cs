using Broadsheet.Api.Content;
using Broadsheet.Site;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.RateLimiting;

namespace Broadsheet.Api;

/// <summary>
/// What every part of the JSON API under <c>/api/</c> shares: problem details for every error, the OpenAPI document
/// and its reference page, JSON source generation, CORS, the per-client rate limit and the output cache policy.
/// </summary>
public static class ApiSetup
{
    /// <summary>Everything the API answers lives under this path (and every error there is problem details).</summary>
    public const string Root = "/api";

    /// <summary>The first version of the API; the Content API and the Admin API (<c>/api/v1/admin</c>) both live here.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The OpenAPI document's name: <c>/openapi/v1.json</c>; configure it with <c>Configure&lt;OpenApiOptions&gt;(DocumentName, …)</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>The public read API's output cache policy: like the pages', and varying by every query parameter.</summary>
    public const string CachePolicyName = "content-api";

    public static WebApplicationBuilder AddBroadsheetApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>()
            .Bind(builder.Configuration.GetSection(ApiOptions.SectionName))
            .Validate(o => o.PermitLimit >= 1, "Broadsheet:Api:PermitLimit must be at least 1.")
            .Validate(o => o.WindowSeconds >= 1, "Broadsheet:Api:WindowSeconds must be at least 1.")
            .ValidateOnStart();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Customize);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ContentJsonContext.Default));
        services.AddOpenApi(DocumentName, ApiDocument.Configure);
        services.TryAddSingleton<Broadsheet.Nodes.SharedRateLimits>();
        services.AddRateLimiter(o => o.AddPolicy<string, ApiRateLimit>(ApiRateLimit.PolicyName));

        var anyOrigin = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>()?.AllowsAnyOrigin ?? true;
        services.AddOutputCache(options => options.AddPolicy(CachePolicyName, policy =>
        {
            policy.Expire(TimeSpan.FromHours(6)).SetVaryByQuery("*").Tag(PageCache.SiteTag);
            // With a list of origins the answer names the caller's origin, so each origin gets its own copy.
            policy.SetVaryByHeader(anyOrigin ? ["Accept-Encoding"] : ["Accept-Encoding", "Origin"]);
        }));
        services.AddScoped<ContentSite>();
        return builder;
    }

    /// <summary>
    /// Before the site's middleware: CORS headers go on every public API answer (also those the output cache serves,
    /// and errors), and preflights are answered here. The Admin API is left out: it is for servers holding a token.
    /// </summary>
    public static WebApplication UseBroadsheetApi(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (!request.Path.StartsWithSegments(Prefix) || request.Path.StartsWithSegments(Prefix + "/admin"))
            {
                return next(context);
            }

            var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value;
            var headers = context.Response.Headers;
            var origin = request.Headers.Origin.ToString();
            if (options.AllowsAnyOrigin)
            {
                headers.AccessControlAllowOrigin = "*";
            }
            else
            {
                headers.Vary = "Origin";
                if (origin.Length > 0 && options.CorsOrigins!.Contains(origin, StringComparer.OrdinalIgnoreCase))
                {
                    headers.AccessControlAllowOrigin = origin;
                }
            }

            headers.AccessControlExposeHeaders = "ETag, Link, Retry-After";
            if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
            {
                headers.AccessControlAllowMethods = "GET, OPTIONS";
                headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders.ToString() is { Length: > 0 } asked ? asked : "Accept, If-None-Match";
                headers.AccessControlMaxAge = "86400";
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    public static WebApplication MapBroadsheetApi(this WebApplication app)
    {
        app.UseApiProblems();
        app.MapOpenApi("/openapi/{documentName}.json").CacheOutput(CachePolicyName);
        app.MapApiReference();
        app.MapApiGroup().MapContentApi();
        return app;
    }

    /// <summary>A group under <see cref="Prefix"/> with the per-client rate limit and its 429 in the OpenAPI document.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string path = "")
    {
        var group = app.MapGroup(Prefix + path).RequireRateLimiting(ApiRateLimit.PolicyName);
        group.ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }
}
