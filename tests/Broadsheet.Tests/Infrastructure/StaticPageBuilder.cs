using Broadsheet.Articles;
using Broadsheet.StaticPages;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Builds and saves a static page straight into the database (as an import would), published unless told otherwise.</summary>
public sealed class StaticPageBuilder
{
    private readonly string unique = Guid.NewGuid().ToString("N")[..8];
    private string? title;
    private string? slug;
    private string body = "A page of the site.";
    private BodyFormat format = BodyFormat.Markdown;
    private StaticPageStatus status = StaticPageStatus.Published;
    private int? footerPosition;
    private int? wordPressId;

    public string Title => title ??= $"Test page {unique}";
    public string Slug => slug ??= $"test-page-{unique}";

    public StaticPageBuilder Titled(string value)
    {
        title = value;
        return this;
    }

    public StaticPageBuilder WithSlug(string value)
    {
        slug = value;
        return this;
    }

    public StaticPageBuilder Markdown(string markdown)
    {
        body = markdown;
        format = BodyFormat.Markdown;
        return this;
    }

    public StaticPageBuilder Html(string html)
    {
        body = html;
        format = BodyFormat.Html;
        return this;
    }

    public StaticPageBuilder Draft()
    {
        status = StaticPageStatus.Draft;
        return this;
    }

    public StaticPageBuilder InFooter(int position)
    {
        footerPosition = position;
        return this;
    }

    public StaticPageBuilder FromWordPress(int id)
    {
        wordPressId = id;
        return this;
    }

    public Task<StaticPage> SaveAsync(BroadsheetApp app) => app.WithDbAsync(async (db, services) =>
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var page = new StaticPage
        {
            Title = Title,
            Slug = Slug,
            Body = body,
            BodyFormat = format,
            Status = status,
            PublishedAt = status == StaticPageStatus.Published ? now : null,
            CreatedAt = now,
            UpdatedAt = now,
            FooterPosition = footerPosition,
            WordPressId = wordPressId,
        };
        db.StaticPages.Add(page);
        await db.SaveChangesAsync();
        return page;
    });
}
