using System.ComponentModel.DataAnnotations;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Desk;

public sealed record PhotoChoice(int Id, string Label, string ThumbnailUrl, string? Alt);

/// <summary>
/// An author profile: name, slug (a change leaves the old author page answering 301), job title, biography,
/// portrait from the media library and links. A new profile here is a byline without a newsroom account
/// (a wire service, a guest writer).
/// </summary>
public sealed class AuthorEditModel(BroadsheetDb db, PageCacheEviction eviction, IOutputCacheStore cache, AuditLog audit, TimeProvider time) : NewsroomPage
{
    /// <summary>How many of the newest images the photo list offers (plus the current photo).</summary>
    private const int PhotoChoices = 300;

    [BindProperty]
    public AuthorInput Input { get; set; } = new();

    public int? Id { get; private set; }
    public IReadOnlyList<PhotoChoice> Photos { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        if (id is not null)
        {
            var author = await db.Authors.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, HttpContext.RequestAborted);
            if (author is null)
            {
                return NotFound();
            }

            Input = AuthorInput.From(author);
        }

        await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        var ct = HttpContext.RequestAborted;
        var author = id is { } authorId ? await db.Authors.FindAsync([authorId], ct) : null;
        if (id is not null && author is null)
        {
            return NotFound();
        }

        var slug = Slugs.From(string.IsNullOrWhiteSpace(Input.Slug) ? Input.Name ?? "" : Input.Slug);
        if (ModelState.IsValid && slug.Length == 0)
        {
            ModelState.AddModelError("Input.Slug", "The slug needs at least one letter or digit.");
        }
        else if (ModelState.IsValid && await db.Authors.AnyAsync(a => a.Slug == slug && a.Id != (id ?? 0), ct))
        {
            ModelState.AddModelError("Input.Slug", $"Another author already uses the slug \u201c{slug}\u201d.");
        }

        if (Input.PhotoMediaId is { } photoId && !await db.MediaItems.AnyAsync(m => m.Id == photoId, ct))
        {
            ModelState.AddModelError("Input.PhotoMediaId", "Choose an image from the media library.");
        }

        var links = new Dictionary<string, string?>();
        foreach (var (field, label, text) in Input.Links())
        {
            if (AuthorLinks.TryNormalize(text, out var url))
            {
                links[field] = url;
            }
            else
            {
                ModelState.AddModelError($"Input.{field}", $"Enter the full address of the {label}, starting with https:// (or http://).");
            }
        }

        if (!ModelState.IsValid)
        {
            Id = id;
            await LoadAsync(id);
            return Page();
        }

        var before = author is null ? ((string Name, string Slug)?)null : (author.Name, author.Slug);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (author is null)
        {
            await AuthorLifecycle.ClaimAsync(db, slug, ct);
            author = db.Authors.Add(new Author { Name = "", Slug = slug }).Entity;
        }
        else
        {
            await AuthorLifecycle.ChangeSlugAsync(db, author, slug, time.GetUtcNow().UtcDateTime, ct);
        }

        author.Name = Input.Name!.Trim();
        author.JobTitle = Trimmed(Input.JobTitle);
        author.Bio = Trimmed(Input.Bio);
        author.PhotoMediaId = Input.PhotoMediaId;
        author.WebsiteUrl = links[nameof(Input.WebsiteUrl)];
        author.MastodonUrl = links[nameof(Input.MastodonUrl)];
        author.BlueskyUrl = links[nameof(Input.BlueskyUrl)];
        author.LinkedInUrl = links[nameof(Input.LinkedInUrl)];
        author.XUrl = links[nameof(Input.XUrl)];
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        if (before is { } was && (was.Name != author.Name || was.Slug != author.Slug))
        {
            // The name and the author link show in every byline: article pages, feeds, the APIs.
            await eviction.SiteChangedAsync(ct);
        }
        else
        {
            // The profile shows on the author's own page and in the API lists of authors, nowhere else.
            await cache.EvictByTagAsync(PageCache.AuthorTag(author.Id), ct);
            await cache.EvictByTagAsync(PageCache.ListingsTag, ct);
        }

        var moved = before is { } old && old.Slug != slug ? $" (/author/{old.Slug} → /author/{slug})" : "";
        await audit.RecordAsync(before is null ? "Created author" : "Changed author", author.Name + moved, ct);
        Flash = before is null ? $"Author \u201c{author.Name}\u201d created. They can now be chosen in an article's byline."
            : moved.Length > 0 ? $"Author \u201c{author.Name}\u201d saved. The old address /author/{before.Value.Slug} now leads to /author/{slug}."
            : $"Author \u201c{author.Name}\u201d saved.";
        return Redirect("/newsroom/authors");
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task LoadAsync(int? id)
    {
        var ct = HttpContext.RequestAborted;
        Id = id;
        Title = id is null ? "New author" : "Edit author";
        var newest = db.MediaItems.AsNoTracking().OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id);
        var items = await newest.Take(PhotoChoices).Select(m => new { m.Id, m.OriginalName, m.Path, m.Variants, m.Alt }).ToListAsync(ct);
        if (Input.PhotoMediaId is { } current && items.All(m => m.Id != current))
        {
            items.AddRange(await newest.Where(m => m.Id == current).Select(m => new { m.Id, m.OriginalName, m.Path, m.Variants, m.Alt }).ToListAsync(ct));
        }

        Photos = items.Select(m => new PhotoChoice(
            m.Id, string.IsNullOrWhiteSpace(m.Alt) ? m.OriginalName : $"{m.OriginalName}: {m.Alt}",
            ImageSources.SmallestUrl($"/media/{m.Path}", m.Variants), m.Alt)).ToList();
    }
}

public sealed class AuthorInput
{
    [Required(ErrorMessage = "Enter the author's name.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [StringLength(100, ErrorMessage = "Keep the slug under 100 characters.")]
    [Display(Name = "Slug")]
    public string? Slug { get; set; }

    [StringLength(200, ErrorMessage = "Keep the job title under 200 characters.")]
    [Display(Name = "Job title")]
    public string? JobTitle { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the biography under 2,000 characters.")]
    [Display(Name = "Biography")]
    public string? Bio { get; set; }

    [Display(Name = "Photo")]
    public int? PhotoMediaId { get; set; }

    [Display(Name = "Website")]
    public string? WebsiteUrl { get; set; }

    [Display(Name = "Mastodon")]
    public string? MastodonUrl { get; set; }

    [Display(Name = "Bluesky")]
    public string? BlueskyUrl { get; set; }

    [Display(Name = "LinkedIn")]
    public string? LinkedInUrl { get; set; }

    [Display(Name = "X (Twitter)")]
    public string? XUrl { get; set; }

    /// <summary>The link fields: property name, what the error message calls it, and the text typed.</summary>
    public IEnumerable<(string Field, string Label, string? Text)> Links() =>
    [
        (nameof(WebsiteUrl), "website", WebsiteUrl),
        (nameof(MastodonUrl), "Mastodon profile", MastodonUrl),
        (nameof(BlueskyUrl), "Bluesky profile", BlueskyUrl),
        (nameof(LinkedInUrl), "LinkedIn profile", LinkedInUrl),
        (nameof(XUrl), "X profile", XUrl),
    ];

    public static AuthorInput From(Author author) => new()
    {
        Name = author.Name,
        Slug = author.Slug,
        JobTitle = author.JobTitle,
        Bio = author.Bio,
        PhotoMediaId = author.PhotoMediaId,
        WebsiteUrl = author.WebsiteUrl,
        MastodonUrl = author.MastodonUrl,
        BlueskyUrl = author.BlueskyUrl,
        LinkedInUrl = author.LinkedInUrl,
        XUrl = author.XUrl,
    };
}
