using Microsoft.AspNetCore.Authorization;

namespace Broadsheet.Accounts;

/// <summary>
/// What each role may do in the newsroom. Every newsroom page carries one of these policies (see
/// <see cref="AccountsSetup"/>); per-article rules (a Contributor edits only their own drafts) are
/// checked by <see cref="Newsroom.ArticlePermissions"/> on top.
/// </summary>
public static class NewsroomPolicies
{
    /// <summary>Any newsroom member: the dashboard and their own account.</summary>
    public const string Member = "newsroom-member";

    /// <summary>Writing: the article list and editor (own articles, or all for Editors).</summary>
    public const string Write = "newsroom-write";

    /// <summary>Uploading to and choosing from the media library.</summary>
    public const string Media = "newsroom-media";

    /// <summary>The desk: sections and tags, subscribers and the outbox.</summary>
    public const string Desk = "newsroom-desk";

    /// <summary>Static pages (About, Contact …): their editor, revisions and publishing.</summary>
    public const string Pages = "newsroom-pages";

    /// <summary>Reader comments (moderation).</summary>
    public const string Moderate = "newsroom-moderate";

    /// <summary>Users, site settings and the audit log.</summary>
    public const string Administer = "newsroom-administer";

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [Member] = [.. NewsroomRoles.All],
        [Write] = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Author, NewsroomRoles.Contributor],
        [Media] = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Author],
        [Desk] = [NewsroomRoles.Administrator, NewsroomRoles.Editor],
        [Pages] = [NewsroomRoles.Administrator, NewsroomRoles.Editor],
        [Moderate] = [NewsroomRoles.Administrator, NewsroomRoles.Editor, NewsroomRoles.Moderator],
        [Administer] = [NewsroomRoles.Administrator],
    };

    public static void AddNewsroomPolicies(this AuthorizationOptions options)
    {
        foreach (var (policy, roles) in Roles)
        {
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }
    }
}
