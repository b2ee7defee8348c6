using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Broadsheet.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Editing;

/// <summary>A problem with what the writer sent, for the form field it concerns ("" for the whole form).</summary>
public sealed record EditorError(string Field, string Message);

/// <summary>The saved article, or the problems that kept it from being saved.</summary>
/// <param name="SavedMeanwhileAt">
/// Set when nothing was saved because another save of the article came between loading it and saving this one: that
/// save's time. The form shows who saved, and a second press saves over it.
/// </param>
public sealed record EditorResult(Article? Article, IReadOnlyList<EditorError> Errors, DateTime? SavedMeanwhileAt = null)
{
    public static EditorResult Failed(IReadOnlyList<EditorError> errors) => new(null, errors);

    public static EditorResult SavedMeanwhile(DateTime savedAt) => new(
        null, [new("", "Someone else saved this article after it was opened for this change. Nothing was saved: compare with their version under Revisions, then save yours again.")], savedAt);
}

/// <summary>Saves what the article editor sends: fields, workflow step, slug, tags, bylines, revision and audit entry.</summary>
public sealed class ArticleEditing(BroadsheetDb db, ArticleChanges changes, TimeProvider time, SiteCalendar calendar, AuditLog audit, MailingSignal mailings, WebhookOutbox webhooks)
{
    /// <summary>Slug of a draft created by autosave before the writer chose one; replaced from the headline on the first save.</summary>
    private const string ProvisionalSlugPrefix = "draft-";

    /// <summary>
    /// The article with its tags and bylines, in one query: their product is a few dozen rows at most, cheaper than a
    /// round trip for each collection (and said outright, so EF Core does not warn of it on every edit).
    /// </summary>
    public Task<Article?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        db.Articles.Include(a => a.Tags).Include(a => a.Bylines).AsSingleQuery().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public static bool HasProvisionalSlug(Article article) =>
        article.PublishedAt is null && article.Slug.StartsWith(ProvisionalSlugPrefix, StringComparison.Ordinal);

    public static bool Owns(NewsroomMember member, Article article) =>
        member.Owns(article.CreatedById, article.Bylines.Select(b => b.AuthorId));

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Saves the editor's form into a new (untracked) or loaded article, step by step: check the input, apply
    /// the workflow action if the member may take it, copy the fields, save with a revision in one
    /// transaction, then evict and audit. Returns the problems when nothing was saved.
    /// </summary>
    public async Task<EditorResult> SaveAsync(Article? existing, ArticleInput input, NewsroomMember member, EditorAction action, CancellationToken cancellationToken = default)
    {
        var article = existing ?? NewArticle(member);
        var (checkedInput, errors) = await new ArticleInputCheck(db, calendar).CheckAsync(article, input, member, action, cancellationToken);
        if (checkedInput is null)
        {
            return EditorResult.Failed(errors);
        }

        var wasLive = article.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
        var wasPublished = existing is not null && article.Status == ArticleStatus.Published;
        var before = existing is null ? null : ArticleFootprint.Of(existing);
        var owns = existing is null || Owns(member, article);
        if (member.Apply(action, article, owns, checkedInput.PublishAt, Now) is { } refusal)
        {
            return EditorResult.Failed([new("", refusal)]);
        }

        var loadedVersion = existing is null ? (DateTime?)null : db.Entry(existing).Property(a => a.UpdatedAt).OriginalValue;
        await CopyFieldsAsync(article, checkedInput, cancellationToken);
        var note = Note(action, article.Status, wasLive);
        var (refused, alerted) = await SaveWithRevisionAsync(article, loadedVersion, wasPublished, checkedInput.Slug, member, note, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (alerted)
        {
            mailings.Wake();
        }

        webhooks.Wake();
        await changes.EvictAsync(article.Id, before, cancellationToken);
        await audit.RecordAsync(note + " article", article.Headline, cancellationToken);
        return new EditorResult(article, []);
    }

    private Article NewArticle(NewsroomMember member) => new()
    {
        Headline = "",
        Slug = "",
        Body = "",
        CreatedAt = Now,
        CreatedById = member.UserId,
        Status = ArticleStatus.Draft,
    };

    /// <summary>Copies the checked form into the article: words, section, image, tags and bylines.</summary>
    private async Task CopyFieldsAsync(Article article, CheckedArticleInput checkedInput, CancellationToken cancellationToken)
    {
        var input = checkedInput.Input;
        article.Headline = input.Headline!.Trim();
        article.Standfirst = string.IsNullOrWhiteSpace(input.Standfirst) ? null : input.Standfirst.Trim();
        // An HTML body is stored clean: what the editor sends is sanitized like an imported one.
        article.Body = article.BodyFormat == BodyFormat.Html ? HtmlBody.Sanitize(input.Body ?? "") : input.Body ?? "";
        article.SectionId = checkedInput.Section.Id;
        article.CommentsOpen = input.CommentsOpen;

        // Only until the alert has gone (or been skipped): afterwards the box is not on the form.
        if (article.AlertQueuedAt is null)
        {
            article.EmailSubscribers = input.EmailSubscribers;
        }

        SetImage(article, checkedInput.Media, checkedInput.KeepImage, input);
        await SetTagsAsync(article, checkedInput.TagNames, cancellationToken);
        SetBylines(article, checkedInput.AuthorIds);
    }

    /// <summary>
    /// One transaction: the slug (an old one retired), the article, its revision, and the end of the writer's
    /// autosave, and the subscribers' alert when the article goes live for the first time. The caller evicts after
    /// it commits. An existing article's row is locked first (<see cref="ArticleLocks"/>); if its last-saved time is no
    /// longer <paramref name="loadedVersion"/>, another save came after it was loaded (or it was deleted for good
    /// meanwhile), and nothing is saved: the refusal is returned. Otherwise returns whether an alert was queued.
    /// </summary>
    private async Task<(EditorResult? Refused, bool Alerted)> SaveWithRevisionAsync(
        Article article, DateTime? loadedVersion, bool wasPublished, string slug, NewsroomMember member, string note, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (loadedVersion is { } loaded)
        {
            var current = await ArticleLocks.LockAsync(db, article.Id, cancellationToken);
            if (current is null)
            {
                return (EditorResult.Failed([new("", "This article was deleted for good while it was being saved.")]), false);
            }

            // PostgreSQL keeps whole microseconds: a time this context stamped itself has ten times finer ticks.
            if (current.Value.Ticks / 10 != loaded.Ticks / 10)
            {
                return (EditorResult.SavedMeanwhile(current.Value), false);
            }
        }

        if (loadedVersion is null)
        {
            article.Slug = slug;
            db.Articles.Add(article);
        }
        else if (HasProvisionalSlug(article))
        {
            article.Slug = slug;
        }
        else
        {
            await changes.ChangeSlugAsync(article, slug, cancellationToken);
        }

        await changes.StampAndSaveAsync(article, cancellationToken);
        AddRevision(article, member, note);

        // An edit of a live article (published before alerts existed) never alerts: it is marked as done.
        var alerted = false;
        if (wasPublished)
        {
            article.AlertQueuedAt ??= Now;
        }
        else
        {
            alerted = ArticleAlerts.QueueOnFirstPublication(db, article, Now);
        }

        await db.ArticleAutosaves.Where(a => a.ArticleId == article.Id && a.UserId == member.UserId).ExecuteDeleteAsync(cancellationToken);
        await webhooks.ArticleSavedAsync(db, article, wasPublished, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (null, alerted);
    }

    /// <summary>
    /// Keeps what the writer has typed without saving it as a revision. A new article becomes a draft
    /// at once (nothing public changes); an existing one gets a private autosave the editor offers back.
    /// Returns the article's id, or why nothing was saved.
    /// </summary>
    public async Task<(int? Id, string? Refusal)> AutosaveAsync(Article? existing, AutosaveInput input, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        var headline = Truncate(input.Headline?.Trim(), 300) ?? "";
        if (existing is null)
        {
            var sectionId = input.SectionId is { } chosen && await db.Sections.AnyAsync(s => s.Id == chosen, cancellationToken)
                ? chosen
                : await db.Sections.OrderBy(s => s.Position).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
            if (sectionId is null)
            {
                return (null, "Create a section first: every article belongs to one.");
            }

            var article = new Article
            {
                Headline = headline,
                Slug = ProvisionalSlugPrefix + Guid.NewGuid().ToString("N")[..12],
                Standfirst = Truncate(input.Standfirst, 1000),
                Body = input.Body ?? "",
                SectionId = sectionId.Value,
                Status = ArticleStatus.Draft,
                CreatedAt = Now,
                UpdatedAt = Now,
                CreatedById = member.UserId,
            };
            if (member.AuthorId is { } authorId)
            {
                // The sign-in still names an author profile that was merged away (until the cookie is checked again).
                if (!await db.Authors.AnyAsync(a => a.Id == authorId, cancellationToken))
                {
                    return (null, "Your byline changed (your author profile was merged into another). Sign in again.");
                }

                article.Bylines.Add(new Byline { AuthorId = authorId, Position = 0 });
            }

            db.Articles.Add(article);
            await db.SaveChangesAsync(cancellationToken);
            return (article.Id, null);
        }

        var autosave = await db.ArticleAutosaves.FindAsync([existing.Id, member.UserId], cancellationToken);
        if (autosave is null)
        {
            autosave = new ArticleAutosave { ArticleId = existing.Id, UserId = member.UserId, Headline = "", Body = "" };
            db.ArticleAutosaves.Add(autosave);
        }

        autosave.Headline = headline;
        autosave.Standfirst = Truncate(input.Standfirst, 1000);
        autosave.Body = input.Body ?? "";
        autosave.SavedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        return (existing.Id, null);
    }

    /// <summary>Puts a revision's words back into the article, as a new save.</summary>
    public async Task RestoreAsync(Article article, ArticleRevision revision, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        article.Headline = revision.Headline;
        article.Standfirst = revision.Standfirst;
        article.Body = revision.Body;
        article.BodyFormat = revision.BodyFormat;
        AddRevision(article, member, $"Restored the revision of {calendar.DateLine(revision.CreatedAt)} {calendar.ToLocal(revision.CreatedAt):HH:mm}");
        // One save for the words and their revision; the cache is evicted after it.
        await changes.SaveAsync(article, cancellationToken: cancellationToken);
        await audit.RecordAsync("Restored a revision", article.Headline, cancellationToken);
    }

    /// <summary>
    /// Turns an HTML body (an imported article's) into Markdown, which the writer can then edit like any other:
    /// one save with its revision, so the HTML stays under Revisions and can be restored. The member's own
    /// unsaved text goes, as with any save: it was typed against the HTML.
    /// </summary>
    public async Task<string?> ConvertToMarkdownAsync(Article article, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        if (article.Status == ArticleStatus.Trashed)
        {
            return "The article is in the trash: restore it before you change it.";
        }

        if (article.BodyFormat != BodyFormat.Html)
        {
            return "The body is already Markdown.";
        }

        if (!member.MayEdit(article.Status, Owns(member, article)))
        {
            return "You cannot edit this article.";
        }

        var before = ArticleFootprint.Of(article);
        article.Body = HtmlToMarkdown.Convert(article.Body);
        article.BodyFormat = BodyFormat.Markdown;
        AddRevision(article, member, "Converted the body to Markdown");
        await db.ArticleAutosaves.Where(a => a.ArticleId == article.Id && a.UserId == member.UserId).ExecuteDeleteAsync(cancellationToken);
        await changes.SaveAsync(article, before, cancellationToken);
        await audit.RecordAsync("Converted an article to Markdown", article.Headline, cancellationToken);
        return null;
    }

    /// <summary>Adds a public, dated correction or update note; the article's modified date moves with it.</summary>
    public async Task AddCorrectionAsync(Article article, CorrectionKind kind, string text, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        db.Corrections.Add(new Correction { ArticleId = article.Id, Kind = kind, Text = text.Trim(), CreatedAt = Now, UserId = member.UserId });
        await changes.SaveAsync(article, cancellationToken: cancellationToken);
        await audit.RecordAsync(kind == CorrectionKind.Correction ? "Added a correction" : "Added an update", article.Headline, cancellationToken);
    }

    /// <summary>Keeps the article's words as they are now as a revision (saved with the caller's next save).</summary>
    private void AddRevision(Article article, NewsroomMember member, string note) =>
        db.ArticleRevisions.Add(new ArticleRevision
        {
            ArticleId = article.Id,
            Headline = article.Headline,
            Standfirst = article.Standfirst,
            Body = article.Body,
            BodyFormat = article.BodyFormat,
            CreatedAt = Now,
            UserId = member.UserId,
            UserName = member.Name,
            Note = note,
        });

    private static void SetImage(Article article, Media.MediaItem? media, bool keep, ArticleInput input)
    {
        if (media is not null)
        {
            article.MediaItemId = media.Id;
            article.ImageUrl = media.Url;
            article.ImageWidth = media.Width;
            article.ImageHeight = media.Height;
            article.ImageVariants = media.Variants;
        }
        else if (!keep)
        {
            article.MediaItemId = null;
            article.ImageUrl = null;
            article.ImageWidth = null;
            article.ImageHeight = null;
            article.ImageVariants = null;
        }

        var hasImage = article.ImageUrl is not null;
        article.ImageAlt = hasImage ? input.ImageAlt?.Trim() : null;
        article.ImageCaption = hasImage && !string.IsNullOrWhiteSpace(input.ImageCaption) ? input.ImageCaption.Trim() : null;
        article.ImageCredit = hasImage && !string.IsNullOrWhiteSpace(input.ImageCredit) ? input.ImageCredit.Trim() : null;
    }

    private async Task SetTagsAsync(Article article, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var slugs = names.Select(Slugs.From).ToList();
        var existing = await db.Tags.Where(t => slugs.Contains(t.Slug)).ToListAsync(cancellationToken);
        article.Tags.Clear();
        foreach (var name in names)
        {
            var slug = Slugs.From(name);
            var tag = existing.FirstOrDefault(t => t.Slug == slug);
            if (tag is null)
            {
                tag = new Tag { Name = name, Slug = slug };
                existing.Add(tag);
            }

            article.Tags.Add(tag);
        }
    }

    private static void SetBylines(Article article, IReadOnlyList<int> authorIds)
    {
        article.Bylines.RemoveAll(b => !authorIds.Contains(b.AuthorId));
        for (var position = 0; position < authorIds.Count; position++)
        {
            var byline = article.Bylines.FirstOrDefault(b => b.AuthorId == authorIds[position]);
            if (byline is null)
            {
                article.Bylines.Add(new Byline { AuthorId = authorIds[position], Position = position });
            }
            else
            {
                byline.Position = position;
            }
        }
    }

    private static string Note(EditorAction action, ArticleStatus status, bool wasLive) => (action, status) switch
    {
        (EditorAction.Publish, ArticleStatus.Scheduled) => "Scheduled",
        (EditorAction.Publish, _) when wasLive => "Updated",
        (EditorAction.Publish, _) => "Published",
        (EditorAction.Unpublish, _) => "Unpublished",
        (EditorAction.SubmitForReview, _) => "Submitted for review",
        _ => "Saved draft",
    };

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
