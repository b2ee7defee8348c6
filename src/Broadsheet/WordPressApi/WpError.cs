using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Broadsheet.WordPressApi;

/// <summary>An error answered the way WordPress answers it, so clients that read <c>code</c> keep working.</summary>
public sealed class WpError(int status, string code, string message, IReadOnlyDictionary<string, string>? parameters = null)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int StatusCode => status;
    public string Code => code;
    int? IStatusCodeHttpResult.StatusCode => status;

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Json(new WpErrorBody(code, message, new WpErrorData(status, parameters)), WpJsonContext.Wire.WpErrorBody, statusCode: status)
            .ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(WpErrorBody), ["application/json"]));

    /// <summary>One or more query parameters WordPress's schema would refuse.</summary>
    public static WpError InvalidParams(IReadOnlyDictionary<string, string> problems) =>
        new(400, "rest_invalid_param", $"Invalid parameter(s): {string.Join(", ", problems.Keys)}", problems);

    public static WpError NoRoute() => new(404, "rest_no_route", "No route was found matching the URL and request method.");

    public static WpError InvalidPostId() => new(404, "rest_post_invalid_id", "Invalid post ID.");

    public static WpError InvalidTermId() => new(404, "rest_term_invalid", "Term does not exist.");

    public static WpError InvalidUserId() => new(404, "rest_user_invalid_id", "Invalid user ID.");

    public static WpError InvalidCommentId() => new(404, "rest_comment_invalid_id", "Invalid comment ID.");

    public static WpError PostPageBeyondEnd() =>
        new(400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.");

    public static WpError CommentPageBeyondEnd() =>
        new(400, "rest_comment_invalid_page_number", "The page number requested is larger than the number of pages available.");

    /// <summary>
    /// As WordPress answers a list of posts, pages or media ordered by relevance without a search, or by include
    /// without include: 400, not a list in some other order.
    /// </summary>
    public static WpError? OrderWithoutItsParameter(string orderBy, string? search, IReadOnlyCollection<int>? include) => orderBy switch
    {
        "relevance" when string.IsNullOrEmpty(search) =>
            new(400, "rest_no_search_term_defined", "You need to define a search term to order by relevance."),
        "include" when include is null or { Count: 0 } =>
            new(400, "rest_orderby_include_missing_include", "You need to define an include parameter to order by include."),
        _ => null,
    };

    /// <summary>Anything but published content needs an account, which this read-only API never accepts.</summary>
    public static WpError ForbiddenStatus() => new(401, "rest_forbidden_status", "Status is forbidden.");

    public static WpError ForbiddenContext() => new(401, "rest_forbidden_context", "Sorry, you are not allowed to edit items of this type.");

    public static WpError ForbiddenParam(string name) => new(401, "rest_forbidden_param", $"Query parameter not permitted: {name}");
}
