using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Pages.Authors;

/// <summary>The author's portrait as the page shows it: a small copy, its size, and the library's alt text.</summary>
public sealed record AuthorPhoto(string Url, int Width, int Height, string Alt);

public sealed class AuthorModel(BroadsheetDb db, TimeProvider time, IOptions<BroadsheetOptions> options) : ArticleListPage(db, time, options)
{
    /// <summary>The portrait's width on the page, in CSS pixels.</summary>
    private const int PhotoWidth = 160;

    private sealed record PhotoHead(string Path, string Variants, int Width, int Height, string? Alt);

    private sealed record AuthorHead(
        int Id, string Name, string Slug, string? JobTitle, string? Bio,
        string? WebsiteUrl, string? MastodonUrl, string? BlueskyUrl, string? LinkedInUrl, string? XUrl, PhotoHead? Photo);

    // Compiled once per model (CompiledPerModel): EF Core skips rebuilding and hashing the lookup on every render.
    private static readonly CompiledPerModel<Func<BroadsheetDb, string, CancellationToken, Task<AuthorHead?>>> FindAuthor = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, string slug, CancellationToken _) => db.Authors.AsNoTracking()
            .Where(a => a.Slug == slug)
            .Select(a => new AuthorHead(
                a.Id, a.Name, a.Slug, a.JobTitle, a.Bio, a.WebsiteUrl, a.MastodonUrl, a.BlueskyUrl, a.LinkedInUrl, a.XUrl,
                a.Photo == null ? null : new PhotoHead(a.Photo.Path, a.Photo.Variants, a.Photo.Width, a.Photo.Height, a.Photo.Alt)))
            .FirstOrDefault()));

    public string Name { get; private set; } = "";
    public string? JobTitle { get; private set; }
    public string? Bio { get; private set; }
    public AuthorPhoto? Photo { get; private set; }
    public IReadOnlyList<AuthorLink> Links { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int page = 1, CancellationToken cancellationToken = default)
    {
        var key = slug.ToLowerInvariant();
        var author = await FindAuthor.For(Db)(Db, key, cancellationToken);
        if (author is null)
        {
            // A changed slug or a merged author: the old pages answer 301 to the same page of the author now.
            return await AuthorLifecycle.CurrentSlugAsync(Db, key, cancellationToken) is { } current
                ? MovedTo(AuthorLifecycle.PathOf(current) + Request.QueryString)
                : NotFound();
        }

        if (page < 1 || !PageQueryIsCanonical(page))
        {
            return NotFound();
        }

        var path = $"/author/{author.Slug}";
        if (slug != author.Slug)
        {
            return MovedTo(WithPage(path, page));
        }

        if (!await LoadPageAsync(CardPageQuery.Author, author.Id, default, path, page, emptyIsMissing: false, cancellationToken))
        {
            return NotFound();
        }

        Name = author.Name;
        JobTitle = author.JobTitle;
        Bio = author.Bio;
        Links = AuthorLinks.Of(author.WebsiteUrl, author.MastodonUrl, author.BlueskyUrl, author.LinkedInUrl, author.XUrl);
        if (author.Photo is { Width: > 0, Height: > 0 } photo)
        {
            var url = $"/media/{photo.Path}";
            Photo = new AuthorPhoto(
                ImageSources.SmallestUrl(url, photo.Variants), PhotoWidth, (int)Math.Round(PhotoWidth * (double)photo.Height / photo.Width),
                string.IsNullOrWhiteSpace(photo.Alt) ? author.Name : photo.Alt);
            Meta.ImagePath = url;
            Meta.ImageAlt = Photo.Alt;
        }

        HttpContext.TagResponse(PageCache.AuthorTag(author.Id));
        Meta.Title = page > 1 ? $"{author.Name}, page {page}" : author.Name;
        Meta.Description = author.Bio ?? $"Articles by {author.Name}.";
        Meta.OpenGraphType = "profile";
        return Page();
    }
}
