using System.ComponentModel.DataAnnotations;

namespace Broadsheet.StaticPages;

/// <summary>What the page editor sends.</summary>
public sealed class StaticPageInput
{
    [StringLength(300, ErrorMessage = "Keep the title under 300 characters.")]
    public string? Title { get; set; }

    [StringLength(100, ErrorMessage = "Keep the slug under 100 characters.")]
    public string? Slug { get; set; }

    [StringLength(1000, ErrorMessage = "Keep the description under 1,000 characters.")]
    public string? Description { get; set; }

    [StringLength(500_000, ErrorMessage = "Keep the page under 500,000 characters.")]
    public string? Body { get; set; }

    public static StaticPageInput From(StaticPage page) => new()
    {
        Title = page.Title,
        Slug = page.Slug,
        Description = page.Description,
        Body = page.Body,
    };
}

/// <summary>The editor's buttons.</summary>
public enum StaticPageAction
{
    SaveDraft,
    Publish,
    Unpublish,
}
