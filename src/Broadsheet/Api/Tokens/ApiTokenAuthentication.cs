using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Broadsheet.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broadsheet.Api.Tokens;

/// <summary>
/// The Admin API's only way in: <c>Authorization: Bearer bs_…</c>. Cookies are never read, so a page on another
/// site cannot make a signed-in browser act (no CSRF). The principal carries the same claims as a newsroom
/// sign-in, with the owner's role as it is now, so the newsroom's policies and article rules decide here too.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The id of the token a request came with (for Idempotency-Key records).</summary>
    public const string TokenIdClaim = "broadsheet:token";

    private ApiTokenProblem? problem;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var (owner, why) = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (owner is null)
        {
            problem = why;
            return AuthenticateResult.Fail("The API token is not valid.");
        }

        var user = owner.User;
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.UserName ?? user.Email ?? user.Id));
        identity.AddClaim(new Claim(NewsroomMember.DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(ClaimTypes.Role, owner.Role));
        identity.AddClaim(new Claim(TokenIdClaim, owner.TokenId.ToString(CultureInfo.InvariantCulture)));
        if (user.AuthorId is { } authorId)
        {
            identity.AddClaim(new Claim(NewsroomMember.AuthorIdClaim, authorId.ToString(CultureInfo.InvariantCulture)));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (challenge, detail) = problem switch
        {
            null => ("Bearer realm=\"broadsheet\"", "Send a personal API token: Authorization: Bearer bs_…. Create one on your newsroom account page."),
            ApiTokenProblem.Expired => ("Bearer realm=\"broadsheet\", error=\"invalid_token\", error_description=\"The token has expired\"", "The API token has expired. Create a new one on your newsroom account page."),
            ApiTokenProblem.Revoked => ("Bearer realm=\"broadsheet\", error=\"invalid_token\", error_description=\"The token was revoked\"", "The API token was revoked."),
            ApiTokenProblem.OwnerDisabled => ("Bearer realm=\"broadsheet\", error=\"invalid_token\", error_description=\"The account is disabled\"", "The account this token belongs to is disabled."),
            _ => ("Bearer realm=\"broadsheet\", error=\"invalid_token\"", "The API token is not valid."),
        };
        Response.Headers.WWWAuthenticate = challenge;
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        Response.Headers.CacheControl = "no-store";
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}
