using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Broadsheet.Accounts;

/// <summary>The signed-in newsroom member, as the article rules need them.</summary>
public sealed record NewsroomMember(string UserId, string Name, int? AuthorId, string Role)
{
    public const string AuthorIdClaim = "broadsheet:author";
    public const string DisplayNameClaim = "broadsheet:name";

    /// <summary>Administrators and Editors work on every article.</summary>
    public bool IsEditor => Role is NewsroomRoles.Administrator or NewsroomRoles.Editor;

    /// <summary>Authors publish their own articles; Contributors only submit them for review.</summary>
    public bool MayPublishOwn => IsEditor || Role == NewsroomRoles.Author;

    public static NewsroomMember From(ClaimsPrincipal user)
    {
        var role = NewsroomRoles.All.FirstOrDefault(user.IsInRole) ?? "";
        var authorId = int.TryParse(user.FindFirstValue(AuthorIdClaim), out var id) ? id : (int?)null;
        return new NewsroomMember(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? "",
            authorId,
            role);
    }
}

/// <summary>Puts the member's display name and author profile into the sign-in cookie, so pages need no lookup.</summary>
public sealed class NewsroomClaimsFactory(UserManager<NewsroomUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<NewsroomUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(NewsroomUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(NewsroomMember.DisplayNameClaim, user.DisplayName));
        if (user.AuthorId is { } authorId)
        {
            identity.AddClaim(new Claim(NewsroomMember.AuthorIdClaim, authorId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
