using Broadsheet.Accounts;
using Broadsheet.Api.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Broadsheet.Api.Admin;

/// <summary>The Admin API (<c>/api/v1/admin/…</c>): personal tokens only, the newsroom's own rules, never cached.</summary>
public static class AdminApiSetup
{
    public const string Prefix = "/api/v1/admin";

    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ApiTokens>();
        services.AddScoped<IdempotencyFilter>();
        services.AddScoped<Editing.ArticleDeletion>();
        services.AddScoped<AdminArticleMapper>();
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal API token (bs_…) from the newsroom account page or the `tokens create` command. It acts with its owner's current role.",
            };
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<BearerRequirement>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenAuthenticationHandler.SchemeName, context.Document)] = [] }];
                operation.Parameters ??= [];
                if (context.Description.HttpMethod == "POST")
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotencyFilter.Header,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "Any unique string (a UUID): a repeat with the same key and request gets the first answer again, with Idempotent-Replayed: true.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                        Example = System.Text.Json.Nodes.JsonValue.Create("5f0c7e8a-3d1b-4c1e-9a4e-2b7f6d9c1a20"),
                    });
                }
            }

            return Task.CompletedTask;
        }).AddSchemaTransformer((schema, context, _) =>
        {
            // Examples a reader of the reference can send as they are.
            if (context.JsonTypeInfo.Type == typeof(ArticleRequest))
            {
                schema.Examples = [System.Text.Json.Nodes.JsonNode.Parse(
                    """{"headline":"Council approves the new bridge","standfirst":"Work starts in spring.","body":"The council voted **7 to 2** on Tuesday.","sectionId":1,"tags":["Transport","Council"],"commentsOpen":true}""")!];
            }
            else if (context.JsonTypeInfo.Type == typeof(ScheduleRequest))
            {
                schema.Examples = [System.Text.Json.Nodes.JsonNode.Parse("""{"publishAt":"2030-05-01T06:00:00Z"}""")!];
            }

            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        // Buffered so the Idempotency-Key filter can hash the body after the endpoint has bound it.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), branch => branch.Use((context, next) =>
        {
            context.Request.EnableBuffering();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        }));

        var admin = app.MapGroup(Prefix)
            .WithTags("Admin")
            .AddEndpointFilter<IdempotencyFilter>();
        admin.MapAdminArticles();
        admin.MapAdminMedia();
        admin.MapAdminComments();
        admin.MapAdminSubscribers();
        return app;
    }

    /// <summary>The newsroom policy, decided with the token scheme only: a newsroom cookie is never enough here.</summary>
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizeAttribute(policy) { AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName })
            .WithMetadata(new BearerRequirement())
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Marks an endpoint that needs the bearer token, for the OpenAPI document.</summary>
    public sealed class BearerRequirement;

    public static bool IsAdminApi(this HttpContext context) => context.Request.Path.StartsWithSegments(Prefix);

    internal static NewsroomMember Member(this HttpContext context) => NewsroomMember.From(context.User);
}
