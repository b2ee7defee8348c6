using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom;

/// <summary>
/// The newsroom menu with its counts of what waits. Newsroom pages are never cached, so the counts are
/// asked for on every page: two COUNTs at most, each on an index that starts with the status, each stopped one
/// past what the badge shows (<see cref="MenuBadge.Most"/>), and only for members who may act on what they count.
/// </summary>
public sealed class NewsroomMenuViewComponent(BroadsheetDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(NewsroomMember member)
    {
        var cancellationToken = HttpContext.RequestAborted;
        // Capped counts. The order by the column the filter fixes costs nothing (both databases drop it, the rows being
        // in that order already) and tells EF Core the limit is meant: without one it warns on every newsroom page.
        int? pendingReview = NewsroomMenu.Reviews(member)
            ? await db.Articles.Where(a => a.Status == ArticleStatus.PendingReview).OrderBy(a => a.Status).Take(MenuBadge.Most + 1).CountAsync(cancellationToken)
            : null;
        int? heldComments = NewsroomMenu.Moderates(member)
            ? await db.Comments.Where(c => c.Status == CommentStatus.Pending).OrderBy(c => c.Status).Take(MenuBadge.Most + 1).CountAsync(cancellationToken)
            : null;
        return View(NewsroomMenu.For(member, HttpContext.Request.Path.Value ?? "", new NewsroomWaiting(pendingReview, heldComments)));
    }
}
