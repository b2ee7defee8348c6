using System.Globalization;
using Broadsheet.Accounts;

namespace Broadsheet.Areas.Newsroom;

/// <summary>What waits for someone to act on it, counted only for members who may act on it.</summary>
/// <param name="PendingReview">Articles submitted for review; null for members who do not review.</param>
/// <param name="HeldComments">Reader comments held for moderation; null for members who do not moderate.</param>
public sealed record NewsroomWaiting(int? PendingReview, int? HeldComments)
{
    public static readonly NewsroomWaiting Nothing = new(null, null);
}

/// <summary>
/// A count shown beside a menu entry: "3", read out as "Comments, 3 held". Counts are taken only up to one past
/// <see cref="Most"/>, so a queue of 45,000 held comments costs the menu no more than one of a thousand, and a count
/// over it reads "999+".
/// </summary>
public sealed record MenuBadge(int Count, string Meaning)
{
    public const int Most = 999;

    public string Text => Count > Most ? $"{Most}+" : Count.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One entry of the newsroom menu. <see cref="Current"/> is "page" on the page itself and "true" on a
/// page under it (an article's editor under Articles), as <c>aria-current</c> wants it.
/// </summary>
public sealed record MenuLink(string Label, string Href, string? Current, MenuBadge? Badge = null);

public sealed record MenuGroup(string Id, string? Heading, IReadOnlyList<MenuLink> Links);

/// <summary>
/// The newsroom's navigation for one member on one page: grouped like a CMS back office, each entry shown
/// only to the roles of the folder it leads to (<see cref="NewsroomSetup"/>), so nobody is offered a page
/// that answers 403. Hiding a link is a courtesy: every page still checks its own policy.
/// </summary>
public sealed record NewsroomMenu(NewsroomMember Member, IReadOnlyList<MenuGroup> Groups, MenuLink Account)
{
    private sealed record Entry(string Label, string Href, string Policy, bool ExactOnly = false);

    /// <summary>The current page is the entry whose address is the longest prefix of the path.</summary>
    public static NewsroomMenu For(NewsroomMember member, string path, NewsroomWaiting waiting)
    {
        path = path.TrimEnd('/');
        var groups = new (string Id, string? Heading, Entry[] Entries)[]
        {
            ("home", null, [new("Dashboard", "/newsroom", NewsroomPolicies.Member, ExactOnly: true)]),
            ("content", "Content",
            [
                // Only the new-article page: an existing article's editor belongs under Articles.
                new("Write", "/newsroom/articles/edit", NewsroomPolicies.Write, ExactOnly: true),
                new("Articles", "/newsroom/articles", NewsroomPolicies.Write),
                new("Trash", "/newsroom/articles/trash", NewsroomPolicies.Write),
                new("Media", "/newsroom/media", NewsroomPolicies.Media),
                new("Pages", "/newsroom/pages", NewsroomPolicies.Pages),
            ]),
            ("readers", "Readers",
            [
                new("Comments", "/newsroom/comments", NewsroomPolicies.Moderate),
                new("Subscribers", "/newsroom/subscribers", NewsroomPolicies.Desk),
                new("Outbox", "/newsroom/outbox", NewsroomPolicies.Desk),
            ]),
            ("desk", "Desk",
            [
                new("Sections", "/newsroom/sections", NewsroomPolicies.Desk),
                new("Tags", "/newsroom/tags", NewsroomPolicies.Desk),
                new("Authors", "/newsroom/authors", NewsroomPolicies.Desk),
            ]),
            ("admin", "Admin",
            [
                new("Users", "/newsroom/users", NewsroomPolicies.Administer),
                new("Settings", "/newsroom/settings", NewsroomPolicies.Administer),
                new("Audit log", "/newsroom/audit", NewsroomPolicies.Administer),
                new("Webhooks", "/newsroom/webhooks", NewsroomPolicies.Administer),
            ]),
        };

        var account = new Entry("Your account", "/newsroom/account", NewsroomPolicies.Member);
        var visible = groups.SelectMany(g => g.Entries).Append(account).Where(e => May(member, e.Policy)).ToList();
        var current = visible.Where(e => Matches(e, path)).MaxBy(e => e.Href.Length);

        MenuLink Link(Entry entry) => new(entry.Label, entry.Href,
            entry != current ? null : string.Equals(entry.Href, path, StringComparison.OrdinalIgnoreCase) ? "page" : "true",
            Badge(entry.Href, waiting));

        var menu = groups
            .Select(g => new MenuGroup(g.Id, g.Heading, g.Entries.Where(visible.Contains).Select(Link).ToList()))
            .Where(g => g.Links.Count > 0)
            .ToList();
        return new NewsroomMenu(member, menu, Link(account));
    }

    /// <summary>Who reviews submitted articles: those who may publish anyone's.</summary>
    public static bool Reviews(NewsroomMember member) => member.IsEditor;

    public static bool Moderates(NewsroomMember member) => May(member, NewsroomPolicies.Moderate);

    private static bool May(NewsroomMember member, string policy) => NewsroomPolicies.Roles[policy].Contains(member.Role);

    private static bool Matches(Entry entry, string path) =>
        string.Equals(entry.Href, path, StringComparison.OrdinalIgnoreCase)
        || (!entry.ExactOnly && path.StartsWith(entry.Href + "/", StringComparison.OrdinalIgnoreCase));

    private static MenuBadge? Badge(string href, NewsroomWaiting waiting) => href switch
    {
        "/newsroom/articles" when waiting.PendingReview > 0 => new(waiting.PendingReview.Value, "to review"),
        "/newsroom/comments" when waiting.HeldComments > 0 => new(waiting.HeldComments.Value, "held"),
        _ => null,
    };
}
