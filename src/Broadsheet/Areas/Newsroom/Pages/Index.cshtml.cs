using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages;

public sealed class DashboardModel(BroadsheetDb db) : NewsroomPage
{
    public bool CanWrite { get; private set; }
    public bool CanModerate { get; private set; }
    public int PendingComments { get; private set; }
    public Dictionary<ArticleStatus, int> Counts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Title = "Dashboard";
        CanWrite = NewsroomPolicies.Roles[NewsroomPolicies.Write].Contains(Member.Role);
        CanModerate = NewsroomPolicies.Roles[NewsroomPolicies.Moderate].Contains(Member.Role);
        if (CanModerate)
        {
            PendingComments = await db.Comments.CountAsync(c => c.Status == Broadsheet.Comments.CommentStatus.Pending, HttpContext.RequestAborted);
        }

        if (CanWrite)
        {
            var member = Member;
            var articles = member.IsEditor
                ? db.Articles
                : db.Articles.Where(a => a.CreatedById == member.UserId || a.Bylines.Any(b => b.AuthorId == member.AuthorId));
            Counts = await articles.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
        }
    }
}
