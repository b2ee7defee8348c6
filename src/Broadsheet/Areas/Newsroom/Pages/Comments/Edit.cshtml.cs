using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Comments;

/// <summary>One comment: edit its text, change its status, or reply to it as staff.</summary>
public sealed class EditModel(
    BroadsheetDb db, CommentModeration moderation, SiteSettingsStore settings, SiteCalendar calendar, UserManager<NewsroomUser> users) : NewsroomPage
{
    /// <summary>The column's size: what the database can keep.</summary>
    private const int MaxStoredLength = 20000;

    public Comment Comment { get; private set; } = null!;
    public string ArticlePath { get; private set; } = "";
    public SiteCalendar Calendar => calendar;

    [BindProperty]
    public EditInput Edit { get; set; } = new();

    [BindProperty]
    public ReplyInput Reply { get; set; } = new();

    public sealed class EditInput
    {
        [Required(ErrorMessage = "A comment cannot be empty; move it to the trash instead.")]
        [Display(Name = "Comment text")]
        public string? Body { get; set; }
    }

    public sealed class ReplyInput
    {
        [Required(ErrorMessage = "Write your reply first.")]
        [Display(Name = "Your reply")]
        public string? Body { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Edit.Body = Comment.Body;
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(int id, CancellationToken cancellationToken)
    {
        ValidateOnly("Edit");
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Edit.Body is { Length: > MaxStoredLength })
        {
            ModelState.AddModelError("Edit.Body", $"Keep the comment under {MaxStoredLength:N0} characters.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await moderation.EditAsync(id, Edit.Body!, cancellationToken);
        Flash = "Comment saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostReplyAsync(int id, CancellationToken cancellationToken)
    {
        ValidateOnly("Reply");
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Comment.Status is CommentStatus.Spam or CommentStatus.Trash)
        {
            ModelState.AddModelError("Reply.Body", "Restore or approve this comment before replying to it.");
        }

        if (Reply.Body is { } text && text.Length > settings.Discussion.MaxLength)
        {
            ModelState.AddModelError("Reply.Body", $"Keep the reply under {settings.Discussion.MaxLength:N0} characters, as readers must.");
        }

        if (!ModelState.IsValid)
        {
            Edit.Body = Comment.Body;
            return Page();
        }

        var user = await users.GetUserAsync(User);
        var reply = await moderation.ReplyAsStaffAsync(id, Reply.Body!, Member, user?.Email ?? "", cancellationToken);
        if (reply is null)
        {
            // Deleted a moment ago (spam emptied).
            return NotFound();
        }

        Flash = "Reply posted with a staff badge.";
        return Redirect(CommentPermalinks.Route(reply.Id));
    }

    public async Task<IActionResult> OnPostStatusAsync(int id, string? status, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<CommentStatus>(status, ignoreCase: false, out var target) || !Enum.IsDefined(target) || int.TryParse(status, out _))
        {
            return BadRequest();
        }

        if (!await db.Comments.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        await moderation.SetStatusAsync([id], target, cancellationToken);
        Flash = $"Comment {CommentModeration.Verb(target)}.";
        return RedirectToPage(new { id });
    }

    /// <summary>Takes the comment out of the trash, back to the status it had before.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(int id, CancellationToken cancellationToken)
    {
        if (!await db.Comments.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var restored = await moderation.RestoreAsync([id], cancellationToken);
        Flash = restored > 0 ? "Comment restored to the status it had before the trash." : "The comment is not in the trash.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Title = "Comment";
        var comment = await db.Comments.AsNoTracking().Include(c => c.Article).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (comment is null)
        {
            return false;
        }

        Comment = comment;
        ArticlePath = comment.Article.PublishedAt is { } published ? calendar.ArticlePath(published, comment.Article.Slug) : "/";
        return true;
    }
}
