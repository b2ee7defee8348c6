using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Media;

/// <summary>The alt text, caption and credit of an image, after upload.</summary>
public sealed class MediaTextInput
{
    public string? Alt { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }
}

/// <summary>
/// One image of the library: edit its alt text, caption and credit (the articles that show it follow), see what
/// shows it, and delete it once nothing does. Its uploader, an editor or an administrator may change it.
/// </summary>
public sealed class EditModel(BroadsheetDb db, MediaLibrary library, MediaDescriptions descriptions, SiteCalendar calendar) : NewsroomPage
{
    [BindProperty]
    public MediaTextInput Input { get; set; } = new();

    public MediaItem Item { get; private set; } = null!;
    public IReadOnlyList<MediaUse> Uses { get; private set; } = [];
    public bool MayChange { get; private set; }

    /// <summary>Articles using the image that the member may not edit: counted, not named (another writer's draft is theirs).</summary>
    public int OtherArticles { get; private set; }

    /// <summary>Why the image was not deleted, shown above what still uses it.</summary>
    public string? DeleteRefusal { get; private set; }

    public SiteCalendar Calendar => calendar;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await db.MediaItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, HttpContext.RequestAborted) is not { } item)
        {
            return NotFound();
        }

        Input = new MediaTextInput { Alt = item.Alt, Caption = item.Caption, Credit = item.Credit };
        await ShowAsync(item);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.MediaItems.FirstOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return NotFound();
        }

        if (!MediaLibrary.MayChange(User, item))
        {
            return Forbidden();
        }

        foreach (var (field, message) in MediaText.Problems(Input.Alt, Input.Caption, Input.Credit))
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }

        if (!ModelState.IsValid)
        {
            await ShowAsync(item);
            return Page();
        }

        var change = await descriptions.UpdateAsync(item, Input.Alt, Input.Caption, Input.Credit, User, ct);
        Flash = (change.Articles, change.StaticPages) switch
        {
            (0, 0) => "Saved.",
            (var articles, 0) => $"Saved. {Count(articles, "article")} now show{(articles == 1 ? "s" : "")} the new text.",
            (var articles, var pages) => $"Saved. {Count(articles, "article")} and {Count(pages, "page")} now show the new text.",
        };
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.MediaItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return NotFound();
        }

        if (!MediaLibrary.MayChange(User, item))
        {
            return Forbidden();
        }

        var deletion = await library.DeleteAsync(id, User, ct);
        if (deletion.Deleted)
        {
            Flash = $"Deleted {item.OriginalName}.";
            return RedirectToPage("Index");
        }

        DeleteRefusal = deletion.Refusal;
        Input = new MediaTextInput { Alt = item.Alt, Caption = item.Caption, Credit = item.Credit };
        await ShowAsync(item, deletion.Uses);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task ShowAsync(MediaItem item, IReadOnlyList<MediaUse>? uses = null)
    {
        Item = item;
        Title = $"Image: {item.OriginalName}";
        MayChange = MediaLibrary.MayChange(User, item);
        Uses = uses ?? await MediaUses.FindAsync(db, item, HttpContext.RequestAborted);
        if (!Member.IsEditor)
        {
            var articleIds = Uses.Where(u => u.Kind == MediaUseKind.Article).Select(u => u.Id).ToList();
            var articles = await db.Articles.AsNoTracking().Include(a => a.Bylines)
                .Where(a => articleIds.Contains(a.Id))
                .ToListAsync(HttpContext.RequestAborted);
            var editable = articles.Where(a => Member.MayEdit(a.StatusOutsideTrash(), ArticleEditing.Owns(Member, a))).Select(a => a.Id).ToHashSet();
            OtherArticles = articleIds.Count(id => !editable.Contains(id));
            Uses = [.. Uses.Where(u => u.Kind != MediaUseKind.Article || editable.Contains(u.Id))];
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
