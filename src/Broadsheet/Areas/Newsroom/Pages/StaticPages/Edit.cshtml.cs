using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.StaticPages;

/// <summary>The page editor: new pages (no id) and existing ones, with preview, publish and unpublish.</summary>
public sealed class EditModel(BroadsheetDb db, StaticPageEditing editing) : NewsroomPage
{
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public StaticPageInput Input { get; set; } = new();

    public StaticPage? StaticPage { get; private set; }
    public int RevisionCount { get; private set; }

    /// <summary>The body as readers would see it; shown after Preview, and for a saved page.</summary>
    public string? PreviewHtml { get; private set; }

    public BodyFormat BodyFormat => StaticPage?.BodyFormat ?? BodyFormat.Markdown;
    public bool IsPublished => StaticPage?.IsVisible() == true;
    public string FormAction => StaticPage is null ? "/newsroom/pages/edit" : $"/newsroom/pages/edit/{StaticPage.Id}";

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            StaticPage = await editing.FindAsync(id, HttpContext.RequestAborted);
            if (StaticPage is null)
            {
                return NotFound();
            }

            Input = StaticPageInput.From(StaticPage);
        }

        await LoadAsync(preview: StaticPage is not null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? action)
    {
        if (Id is { } id)
        {
            StaticPage = await editing.FindAsync(id, HttpContext.RequestAborted);
            if (StaticPage is null)
            {
                return NotFound();
            }
        }

        if (action == "Preview")
        {
            // Shows the words as readers would see them; nothing is saved.
            ModelState.Clear();
            await LoadAsync(preview: true);
            return Page();
        }

        if (!Enum.TryParse<StaticPageAction>(action, ignoreCase: true, out var pageAction))
        {
            pageAction = StaticPageAction.SaveDraft;
        }

        if (ModelState.IsValid)
        {
            var result = await editing.SaveAsync(StaticPage, Input, pageAction, Member, HttpContext.RequestAborted);
            if (result.Page is { } saved)
            {
                Flash = pageAction switch
                {
                    StaticPageAction.Publish => $"Page published at /{saved.Slug}.",
                    StaticPageAction.Unpublish => "Page unpublished: it is no longer on the site.",
                    _ => saved.IsVisible() ? "Page saved." : "Draft saved.",
                };
                return Redirect($"/newsroom/pages/edit/{saved.Id}");
            }

            AddErrors(result.Errors);
        }

        await LoadAsync(preview: false);
        return Page();
    }

    private async Task LoadAsync(bool preview)
    {
        Title = StaticPage is null ? "New page" : $"Edit page: {StaticPage.Title}";
        if (StaticPage is not null)
        {
            RevisionCount = await db.StaticPageRevisions.CountAsync(r => r.StaticPageId == StaticPage.Id, HttpContext.RequestAborted);
        }

        PreviewHtml = preview ? ArticleBody.Render(Input.Body ?? "", BodyFormat) : null;
    }
}
