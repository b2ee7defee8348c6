using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Editing;

/// <summary>A problem with what the writer sent, for the form field it concerns ("" for the whole form).</summary>
public sealed record EditorError(string Field, string Message);

/// <summary>The saved article, or the problems that kept it from being saved.</summary>
public sealed record EditorResult(Article? Article, IReadOnlyList<EditorError> Errors)
{
    public static EditorResult Failed(IReadOnlyList<EditorError> errors) => new(null, errors);
}

/// <summary>Saves what the article editor sends: fields, workflow step, slug, tags, bylines, revision and audit entry.</summary>
public sealed class ArticleEditing(BroadsheetDb db, ArticleChanges changes, TimeProvider time, SiteCalendar calendar, AuditLog audit)
{
    /// <summary>Slug of a draft created by autosave before the writer chose one; replaced from the headline on the first save.</summary>
    private const string ProvisionalSlugPrefix = "draft-";

    public Task<Article?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        db.Articles.Include(a => a.Tags).Include(a => a.Bylines).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public static bool HasProvisionalSlug(Article article) =>
        article.PublishedAt is null && article.Slug.StartsWith(ProvisionalSlugPrefix, StringComparison.Ordinal);

    public static bool Owns(NewsroomMember member, Article article) =>
        member.Owns(article.CreatedById, article.Bylines.Select(b => b.AuthorId));

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Saves the editor's form into a new (untracked) or loaded article; returns the problems when nothing was saved.</summary>
    public async Task<EditorResult> SaveAsync(Article? existing, ArticleInput input, NewsroomMember member, EditorAction action, CancellationToken cancellationToken = default)
    {
        var errors = new List<EditorError>();
        var article = existing ?? new Article
        {
            Headline = "",
            Slug = "",
            Body = "",
            CreatedAt = Now,
            CreatedById = member.UserId,
            Status = ArticleStatus.Draft,
        };
        var owns = existing is null || Owns(member, article);
        var publishAt = ToUtc(input.PublishAt, errors);

        if (action is EditorAction.Publish or EditorAction.SubmitForReview && string.IsNullOrWhiteSpace(input.Body))
        {
            errors.Add(new("Body", "Write the body of the article before it goes further."));
        }

        var section = input.SectionId is { } sectionId ? await db.Sections.FindAsync([sectionId], cancellationToken) : null;
        if (section is null)
        {
            errors.Add(new("SectionId", "Choose a section."));
        }

        var authorIds = input.AuthorIds.Distinct().ToList();
        if (authorIds.Count == 0 && member.AuthorId is { } own)
        {
            authorIds.Add(own);
        }

        var authorCount = await db.Authors.CountAsync(a => authorIds.Contains(a.Id), cancellationToken);
        if (authorIds.Count == 0 || authorCount != authorIds.Count)
        {
            errors.Add(new("AuthorIds", "Choose at least one author."));
        }

        var slug = Slugs.From(string.IsNullOrWhiteSpace(input.Slug) ? input.Headline ?? "" : input.Slug);
        if (slug.Length == 0)
        {
            errors.Add(new("Slug", "The slug needs at least one letter or digit."));
        }
        else if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != article.Id, cancellationToken))
        {
            errors.Add(new("Slug", $"Another article already uses the slug \u201c{slug}\u201d. Choose a different one."));
        }

        Media.MediaItem? media = null;
        var keepImage = input.Image == "current" && article.ImageUrl is not null;
        if (int.TryParse(input.Image, out var mediaId))
        {
            media = await db.MediaItems.FindAsync([mediaId], cancellationToken);
            if (media is null)
            {
                errors.Add(new("Image", "That image is no longer in the media library. Choose another."));
            }
        }

        if ((media is not null || keepImage) && string.IsNullOrWhiteSpace(input.ImageAlt))
        {
            errors.Add(new("ImageAlt", "Describe the image for readers who cannot see it (alt text)."));
        }

        var tagNames = (input.Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => Slugs.From(n).Length > 0).DistinctBy(Slugs.From).ToList();
        if (tagNames.Count > 20 || tagNames.Any(n => n.Length > 100))
        {
            errors.Add(new("Tags", "Use at most 20 tags of up to 100 characters each."));
        }

        if (errors.Count > 0)
        {
            return EditorResult.Failed(errors);
        }

        var wasLive = article.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
        var before = existing is null ? null : ArticleFootprint.Of(existing);
        var refusal = member.Apply(action, article, owns, publishAt, Now);
        if (refusal is not null)
        {
            return EditorResult.Failed([new("", refusal)]);
        }

        article.Headline = input.Headline!.Trim();
        article.Standfirst = string.IsNullOrWhiteSpace(input.Standfirst) ? null : input.Standfirst.Trim();
        article.Body = input.Body ?? "";
        article.SectionId = section!.Id;
        article.CommentsOpen = input.CommentsOpen;
        SetImage(article, media, keepImage, input);
        await SetTagsAsync(article, tagNames, cancellationToken);
        SetBylines(article, authorIds);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (existing is null)
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
        var note = Note(action, article.Status, wasLive);
        AddRevision(article, member, note);
        await db.ArticleAutosaves.Where(a => a.ArticleId == article.Id && a.UserId == member.UserId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await changes.EvictAsync(article.Id, before, cancellationToken);
        await audit.RecordAsync(note + " article", article.Headline, cancellationToken);
        return new EditorResult(article, []);
    }

    /// <summary>
    /// Keeps what the writer has typed without saving it as a revision. A new article becomes a draft
    /// at once (nothing public changes); an existing one gets a private autosave the editor offers back.
    /// </summary>
    public async Task<int?> AutosaveAsync(Article? existing, AutosaveInput input, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        var headline = Truncate(input.Headline?.Trim(), 300) ?? "";
        if (existing is null)
        {
            var sectionId = input.SectionId is { } chosen && await db.Sections.AnyAsync(s => s.Id == chosen, cancellationToken)
                ? chosen
                : await db.Sections.OrderBy(s => s.Position).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
            if (sectionId is null)
            {
                return null;
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
                article.Bylines.Add(new Byline { AuthorId = authorId, Position = 0 });
            }

            db.Articles.Add(article);
            await db.SaveChangesAsync(cancellationToken);
            return article.Id;
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
        return existing.Id;
    }

    /// <summary>Puts a revision's words back into the article, as a new save.</summary>
    public async Task RestoreAsync(Article article, ArticleRevision revision, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        article.Headline = revision.Headline;
        article.Standfirst = revision.Standfirst;
        article.Body = revision.Body;
        AddRevision(article, member, $"Restored the revision of {calendar.DateLine(revision.CreatedAt)} {calendar.ToLocal(revision.CreatedAt):HH:mm}");
        // One save for the words and their revision; the cache is evicted after it.
        await changes.SaveAsync(article, cancellationToken: cancellationToken);
        await audit.RecordAsync("Restored a revision", article.Headline, cancellationToken);
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
            CreatedAt = Now,
            UserId = member.UserId,
            UserName = member.Name,
            Note = note,
        });

    private DateTime? ToUtc(DateTime? local, List<EditorError> errors)
    {
        if (local is null)
        {
            return null;
        }

        var unspecified = DateTime.SpecifyKind(local.Value, DateTimeKind.Unspecified);
        if (calendar.Zone.IsInvalidTime(unspecified))
        {
            errors.Add(new("PublishAt", "That time does not exist in the site's time zone (the clocks change then). Choose another."));
            return null;
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, calendar.Zone);
    }

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

    private async Task SetTagsAsync(Article article, List<string> names, CancellationToken cancellationToken)
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

    private static void SetBylines(Article article, List<int> authorIds)
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
