using Broadsheet.Articles;
using Microsoft.AspNetCore.Identity;

namespace Broadsheet.Accounts;

/// <summary>A member of the newsroom who signs in to the back office. Readers have no accounts.</summary>
public sealed class NewsroomUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>The public author profile used in bylines; writers get one when their account is created.</summary>
    public int? AuthorId { get; set; }
    public Author? Author { get; set; }

    /// <summary>A disabled account cannot sign in; its articles and bylines stay.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The newsroom's roles. Each account has exactly one.</summary>
public static class NewsroomRoles
{
    public const string Administrator = "Administrator";
    public const string Editor = "Editor";
    public const string Author = "Author";
    public const string Contributor = "Contributor";
    public const string Moderator = "Moderator";

    public static readonly IReadOnlyList<string> All = [Administrator, Editor, Author, Contributor, Moderator];

    /// <summary>Roles whose members write and so appear in bylines.</summary>
    public static bool Writes(string role) => role is Administrator or Editor or Author or Contributor;

    /// <summary>The exact role name for any spelling ("editor" → "Editor"); null when there is no such role.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
