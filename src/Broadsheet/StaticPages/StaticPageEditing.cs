using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Redirects;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.StaticPages;

public sealed record StaticPageSaveResult(StaticPage? Page, IReadOnlyList<EditorError> Errors);

/// <summary>Saves what the page editor sends: fields, publish state, a revision, the audit entry, and the cache eviction.</summary>
public sealed class StaticPageEditing(BroadsheetDb db, ReservedSlugs reserved, StaticPageCache cache, AuditLog audit, TimeProvider time)
{
    public Task<StaticPage?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        db.StaticPages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>Checks and saves; returns the problems, with nothing saved, when there are any.</summary>
    public async Task<StaticPageSaveResult> SaveAsync(
        StaticPage? existing, StaticPageInput input, StaticPageAction action, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        var (slug, errors) = await CheckAsync(existing, input, action, cancellationToken);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var page = existing ?? new StaticPage { Title = "", Slug = slug, Body = "", BodyFormat = BodyFormat.Markdown, CreatedAt = now };
        var wasPublished = page.IsVisible();
        var oldSlug = page.Slug;
        page.Title = input.Title!.Trim();
        page.Slug = slug;
        page.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        page.Body = (input.Body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        page.UpdatedAt = now;
        page.Status = action switch
        {
            StaticPageAction.Publish => StaticPageStatus.Published,
            StaticPageAction.Unpublish => StaticPageStatus.Draft,
            _ => page.Status,
        };
        if (page.IsVisible())
        {
            page.PublishedAt ??= now;
        }

        if (existing is null)
        {
            db.StaticPages.Add(page);
        }

        if (wasPublished && oldSlug != slug)
        {
            await MoveAddressAsync(oldSlug, slug, cancellationToken);
        }

        AddRevision(page, member, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone saved a page with the same slug between the check and this save (the unique index caught it).
            var id = page.Id;
            if (!await db.StaticPages.AsNoTracking().AnyAsync(p => p.Slug == slug && p.Id != id, cancellationToken))
            {
                throw;
            }

            return new(null, [new(nameof(StaticPageInput.Slug), $"Another page already uses the slug \u201c{slug}\u201d. Choose a different one.")]);
        }

        await cache.PageChangedAsync(page.Id, page.FooterPosition is not null, cancellationToken);
        var verb = page.IsVisible() switch
        {
            true when !wasPublished => "Published page",
            true => "Updated page",
            false when wasPublished => "Unpublished page",
            _ => existing is null ? "Created page" : "Saved page draft",
        };
        await audit.RecordAsync(verb, page.Title, cancellationToken);
        return new(page, []);
    }

    /// <summary>Puts a revision's words back into the page, as a new save (itself a revision).</summary>
    public async Task RestoreAsync(StaticPage page, StaticPageRevision revision, NewsroomMember member, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        page.Title = revision.Title;
        page.Body = revision.Body;
        page.BodyFormat = revision.BodyFormat;
        page.Description = revision.Description;
        page.UpdatedAt = now;
        AddRevision(page, member, now);
        await db.SaveChangesAsync(cancellationToken);
        await cache.PageChangedAsync(page.Id, page.FooterPosition is not null, cancellationToken);
        await audit.RecordAsync("Restored a page revision", page.Title, cancellationToken);
    }

    private async Task<(string Slug, List<EditorError> Errors)> CheckAsync(
        StaticPage? existing, StaticPageInput input, StaticPageAction action, CancellationToken cancellationToken)
    {
        var errors = new List<EditorError>();
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add(new(nameof(StaticPageInput.Title), "Enter the page's title."));
        }

        if (action == StaticPageAction.Publish && string.IsNullOrWhiteSpace(input.Body))
        {
            errors.Add(new(nameof(StaticPageInput.Body), "Write the page's text before publishing it."));
        }

        // Like an article's: made from the title when empty, and any spelling becomes lowercase words and hyphens.
        var slug = Slugs.From(string.IsNullOrWhiteSpace(input.Slug) ? input.Title ?? "" : input.Slug);
        if (slug.Length == 0)
        {
            if (!string.IsNullOrWhiteSpace(input.Slug) || !string.IsNullOrWhiteSpace(input.Title))
            {
                errors.Add(new(nameof(StaticPageInput.Slug), "The slug needs at least one letter or digit (for example about-us)."));
            }
        }
        else if (slug.All(char.IsAsciiDigit))
        {
            errors.Add(new(nameof(StaticPageInput.Slug), $"\u201c{slug}\u201d would be read as a year's archive: add a word, such as \u201c{slug}-review\u201d."));
        }
        else if (reserved.IsReserved(slug))
        {
            errors.Add(new(nameof(StaticPageInput.Slug), $"/{slug} is already an address of the site: choose another slug, such as \u201c{slug}-page\u201d."));
        }
        else if (await db.StaticPages.AnyAsync(p => p.Slug == slug && p.Id != (existing == null ? 0 : existing.Id), cancellationToken))
        {
            errors.Add(new(nameof(StaticPageInput.Slug), $"Another page already uses the slug \u201c{slug}\u201d. Choose a different one."));
        }

        return (slug, errors);
    }

    /// <summary>A published page's old address keeps working: it answers 301 with the new one.</summary>
    private async Task MoveAddressAsync(string oldSlug, string newSlug, CancellationToken cancellationToken)
    {
        // An older redirect away from the new address would make a loop the day the page is unpublished.
        var newPath = "/" + newSlug;
        await db.Redirects.Where(r => r.Path == newPath).ExecuteDeleteAsync(cancellationToken);
        await db.Redirects.Where(r => r.Path == "/" + oldSlug).ExecuteDeleteAsync(cancellationToken);
        await RedirectTable.AddAsync(db, "/" + oldSlug, newPath, time, cancellationToken);
    }

    private void AddRevision(StaticPage page, NewsroomMember member, DateTime now) =>
        db.StaticPageRevisions.Add(new StaticPageRevision
        {
            StaticPage = page,
            Title = page.Title,
            Body = page.Body,
            BodyFormat = page.BodyFormat,
            Description = page.Description,
            CreatedAt = now,
            UserId = member.UserId,
            UserName = member.Name,
        });
}
