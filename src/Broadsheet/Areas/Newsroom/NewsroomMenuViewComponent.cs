using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom;

/// <summary>
/// The newsroom menu with its counts of what waits. Newsroom pages are never cached, so the counts are
/// asked for on every page: two COUNTs at most, each on an index that starts with the status, and only
/// for members who may act on what they count.
/// </summary>
public sealed class NewsroomMenuViewComponent(BroadsheetDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(NewsroomMember member)
    {
        var cancellationToken = HttpContext.RequestAborted;
        int? pendingReview = NewsroomMenu.Reviews(member)
            ? await db.Articles.CountAsync(a => a.Status == ArticleStatus.PendingReview, cancellationToken)
            : null;
        int? heldComments = NewsroomMenu.Moderates(member)
            ? await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending, cancellationToken)
            : null;
        return View(NewsroomMenu.For(member, HttpContext.Request.Path.Value ?? "", new NewsroomWaiting(pendingReview, heldComments)));
    }
}
