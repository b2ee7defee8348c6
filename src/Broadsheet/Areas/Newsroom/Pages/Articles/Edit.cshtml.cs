using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Editing;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

public sealed record MediaChoice(int Id, string Name, string Thumbnail, int Width, int Height, string? Alt, string? Credit);

public sealed record CorrectionRow(CorrectionKind Kind, string Text, DateTime CreatedAt);

/// <summary>The article editor: new articles (no id) and existing ones, every workflow step, autosave, preview and corrections.</summary>
public sealed class EditModel(BroadsheetDb db, ArticleEditing editing, SiteCalendar calendar, SiteSettingsStore settings) : ArticlePage(editing)
{
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public ArticleInput Input { get; set; } = new();

    /// <summary>The article's last-saved time when the form was opened, to notice someone else's save in between.</summary>
    [BindProperty]
    public long? Version { get; set; }

    public Article? Article { get; private set; }
    public DateTime? RestoredAutosaveAt { get; private set; }

    /// <summary>The restored text was typed before the article's last save (by someone else, or in another tab).</summary>
    public bool RestoredAutosaveIsOlder { get; private set; }
    public IReadOnlyList<Choice> Sections { get; private set; } = [];
    public IReadOnlyList<Choice> Authors { get; private set; } = [];
    public IReadOnlyList<MediaChoice> Media { get; private set; } = [];
    public IReadOnlyList<string> TagNames { get; private set; } = [];
    public IReadOnlyList<CorrectionRow> Corrections { get; private set; } = [];
    public int RevisionCount { get; private set; }
    public string PreviewHtml { get; private set; } = "";
    public string? CorrectionText { get; set; }
    public SiteCalendar Calendar => calendar;

    /// <summary>The body's format: an imported article's is HTML until someone converts it to Markdown.</summary>
    public BodyFormat BodyFormat => Article?.BodyFormat ?? BodyFormat.Markdown;

    public bool IsLive => Article?.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
    public bool MayPublish => Article is null ? Member.MayPublishOwn : Member.MayPublish(ArticleEditing.Owns(Member, Article));
    /// <summary>The member may move this article to the trash (Editors any, writers their own drafts).</summary>
    public bool MayTrash => Article is not null && Member.MayTrash(Article, ArticleEditing.Owns(Member, Article));
    public string FormAction => Article is null ? "/newsroom/articles/edit" : $"/newsroom/articles/edit/{Article.Id}";

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            var (found, refusal) = await FindEditableAsync(id);
            if (found is null)
            {
                return refusal!;
            }

            Article = found;
            FillFromArticle(Article);
            var autosave = await db.ArticleAutosaves.AsNoTracking()
                .FirstOrDefaultAsync(a => a.ArticleId == id && a.UserId == Member.UserId, HttpContext.RequestAborted);
            // Typed text is offered back whenever it differs from what is saved, even if someone saved
            // since: it is the writer's, and only they may throw it away (Discard).
            if (autosave is not null && (autosave.Headline != Article.Headline || autosave.Standfirst != Article.Standfirst || autosave.Body != Article.Body))
            {
                Input.Headline = autosave.Headline;
                Input.Standfirst = autosave.Standfirst;
                Input.Body = autosave.Body;
                RestoredAutosaveAt = autosave.SavedAt;
                RestoredAutosaveIsOlder = autosave.SavedAt < Article.UpdatedAt;
            }
        }
        else
        {
            Input.AuthorIds = Member.AuthorId is { } own ? [own] : [];
            Input.CommentsOpen = settings.CommentsOpenByDefault;
        }

        await LoadChoicesAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? action)
    {
        if (Id is { } id)
        {
            // In the trash, the save is refused with the writer's text kept (ArticleRules.Apply says why).
            var (found, refusal) = await FindEditableAsync(id, RefuseKeepingTextAsync, trashedToo: true);
            if (found is null)
            {
                return refusal!;
            }

            Article = found;
        }

        if (!Enum.TryParse<EditorAction>(action, ignoreCase: true, out var editorAction))
        {
            editorAction = EditorAction.SaveDraft;
        }

        if (Article is not null && Version is { } version && version != Article.UpdatedAt.Ticks)
        {
            await SavedMeanwhileAsync(Article.Id, Article.UpdatedAt);
        }

        if (ModelState.IsValid)
        {
            var result = await Editing.SaveAsync(Article, Input, Member, editorAction, HttpContext.RequestAborted);
            if (Article is not null && result.SavedMeanwhileAt is not null)
            {
                // Another save came between this request's reading of the article and its own: the same choice, the
                // page showing the article as that save left it (the writer's text stays in the form).
                await db.Entry(Article).ReloadAsync(HttpContext.RequestAborted);
                await SavedMeanwhileAsync(Article.Id, Article.UpdatedAt);
            }
            else if (result.Article is { } saved)
            {
                Flash = saved.Status switch
                {
                    ArticleStatus.Published => "Article published.",
                    ArticleStatus.Scheduled => $"Article scheduled for {calendar.DateLine(saved.PublishedAt!.Value)} {calendar.ToLocal(saved.PublishedAt!.Value):HH:mm}.",
                    ArticleStatus.PendingReview => "Article submitted for review.",
                    ArticleStatus.Unpublished => "Article unpublished: it is no longer on the site.",
                    _ => "Draft saved.",
                };
                return Redirect($"/newsroom/articles/edit/{saved.Id}");
            }
            else
            {
                AddErrors(result.Errors);
            }
        }

        await LoadChoicesAsync();
        return Page();
    }

    /// <summary>
    /// Someone saved the article after the writer opened it (<paramref name="savedAt"/>): says who and when, and arms
    /// the form so that a second press, a deliberate choice, saves the writer's version over theirs.
    /// </summary>
    private async Task SavedMeanwhileAsync(int articleId, DateTime savedAt)
    {
        var last = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == articleId)
            .OrderByDescending(r => r.Id).Select(r => r.UserName).FirstOrDefaultAsync(HttpContext.RequestAborted);
        ModelState.AddModelError("", $"{last ?? "Someone"} saved this article at {calendar.ToLocal(savedAt):HH:mm}, after you opened it. "
            + "Your text is still below: compare with theirs under Revisions, then press the button again to save your version over theirs.");
        ModelState.Remove(nameof(Version));
        Version = savedAt.Ticks;
    }

    /// <summary>Background save while typing; answers JSON with the article's id and editor URL.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(AutosaveInput autosave)
    {
        KeepFlashForNextPage();
        Article? article = null;
        if (Id is { } id)
        {
            (article, var refusal) = await FindEditableAsync(id, trashedToo: true);
            if (article is null)
            {
                return refusal!;
            }

            // The editor shows the error; the typed text stays in the page and the browser's copy.
            if (article.Status == ArticleStatus.Trashed)
            {
                return new ConflictObjectResult(new { error = InTrash });
            }
        }

        var (savedId, notSaved) = await Editing.AutosaveAsync(article, autosave, Member, HttpContext.RequestAborted);
        if (savedId is null)
        {
            return BadRequest(new { error = notSaved });
        }

        var now = Editing.Now;
        return new JsonResult(new { id = savedId, url = $"/newsroom/articles/edit/{savedId}", savedAt = calendar.ToLocal(now).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Throws away the writer's own unsaved text for this article.</summary>
    public async Task<IActionResult> OnPostDiscardAutosaveAsync()
    {
        if (Id is not { } id)
        {
            return NotFound();
        }

        await db.ArticleAutosaves.Where(a => a.ArticleId == id && a.UserId == Member.UserId).ExecuteDeleteAsync(HttpContext.RequestAborted);
        Flash = "Unsaved changes discarded.";
        return Redirect($"/newsroom/articles/edit/{id}");
    }

    /// <summary>The body as readers will see it, rendered by the same code as the public site, in the body's format.</summary>
    public IActionResult OnPostPreview(string? body, string? format)
    {
        KeepFlashForNextPage();
        var bodyFormat = Enum.TryParse<BodyFormat>(format, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : BodyFormat.Markdown;
        return Content(ArticleBody.Render(body ?? "", bodyFormat), "text/html; charset=utf-8");
    }

    /// <summary>
    /// Turns an HTML body into Markdown as a save of its own (with a revision). Refused while the writer has
    /// unsaved text for this article: it was typed against the HTML and would be lost.
    /// </summary>
    public async Task<IActionResult> OnPostConvertToMarkdownAsync()
    {
        if (Id is not { } id)
        {
            return NotFound();
        }

        var (article, refusal) = await FindEditableAsync(id);
        if (article is null)
        {
            return refusal!;
        }

        var unsaved = await db.ArticleAutosaves.AsNoTracking()
            .AnyAsync(a => a.ArticleId == id && a.UserId == Member.UserId
                && (a.Headline != article.Headline || a.Standfirst != article.Standfirst || a.Body != article.Body), HttpContext.RequestAborted);
        if (unsaved)
        {
            Flash = "Save or discard your unsaved changes first, then convert the body to Markdown.";
            return Redirect($"/newsroom/articles/edit/{id}");
        }

        Flash = await Editing.ConvertToMarkdownAsync(article, Member, HttpContext.RequestAborted)
            ?? "The body is Markdown now. The HTML is kept under Revisions.";
        return Redirect($"/newsroom/articles/edit/{id}");
    }

    public async Task<IActionResult> OnPostCorrectionAsync(CorrectionKind kind, string? text)
    {
        Article = Id is { } id ? await Editing.FindAsync(id, HttpContext.RequestAborted) : null;
        if (Article is null)
        {
            return NotFound();
        }

        if (!Member.IsEditor)
        {
            return Forbidden();
        }

        ModelState.Clear();
        if (Article.Status != ArticleStatus.Published)
        {
            ModelState.AddModelError(nameof(CorrectionText), "Corrections and updates are for published articles.");
        }
        else if (string.IsNullOrWhiteSpace(text) || text.Length > 2000)
        {
            ModelState.AddModelError(nameof(CorrectionText), "Write what was corrected or updated (up to 2,000 characters).");
        }

        if (!ModelState.IsValid)
        {
            CorrectionText = text;
            FillFromArticle(Article);
            await LoadChoicesAsync();
            return Page();
        }

        await Editing.AddCorrectionAsync(Article, kind, text!, Member, HttpContext.RequestAborted);
        Flash = kind == CorrectionKind.Correction ? "Correction added; it shows under the article." : "Update added; it shows under the article.";
        return Redirect($"/newsroom/articles/edit/{Article.Id}#corrections");
    }

    /// <summary>Refused, but the writer's words come back with the reason: nothing typed is thrown away.</summary>
    private async Task<IActionResult> RefuseKeepingTextAsync(Article article)
    {
        Article = article;
        ModelState.Clear();
        ModelState.AddModelError("", $"You can no longer change this article (it is {article.Status.Describe().ToLowerInvariant()} now). "
            + "What you typed is below and has not been saved: copy what you need.");
        await LoadChoicesAsync();
        var refused = Page();
        refused.StatusCode = StatusCodes.Status403Forbidden;
        return refused;
    }

    private void FillFromArticle(Article article)
    {
        Version = article.UpdatedAt.Ticks;
        Input = ArticleInput.From(article, calendar);
    }

    private async Task LoadChoicesAsync()
    {
        var ct = HttpContext.RequestAborted;
        Title = Article is null ? "New article" : $"Edit: {Article.Headline}";
        Sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name).Select(s => new Choice(s.Id, s.Name)).ToListAsync(ct);
        Authors = await db.Authors.AsNoTracking().OrderBy(a => a.Name).Select(a => new Choice(a.Id, a.Name)).ToListAsync(ct);
        TagNames = await db.Tags.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).Take(500).ToListAsync(ct);
        var chosen = int.TryParse(Input.Image, out var imageId) ? imageId : 0;
        var media = await db.MediaItems.AsNoTracking()
            .OrderByDescending(m => m.Id == chosen).ThenByDescending(m => m.UploadedAt).Take(24)
            .ToListAsync(ct);
        Media = media.Select(m => new MediaChoice(m.Id, m.OriginalName, m.ThumbnailUrl, m.Width, m.Height, m.Alt, m.Credit)).ToList();
        if (Article is not null)
        {
            Corrections = await db.Corrections.AsNoTracking().Where(c => c.ArticleId == Article.Id).OrderBy(c => c.CreatedAt)
                .Select(c => new CorrectionRow(c.Kind, c.Text, c.CreatedAt)).ToListAsync(ct);
            RevisionCount = await db.ArticleRevisions.CountAsync(r => r.ArticleId == Article.Id, ct);
        }

        PreviewHtml = ArticleBody.Render(Input.Body ?? "", BodyFormat);
    }
}
