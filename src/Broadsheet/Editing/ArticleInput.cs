using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Editing;

/// <summary>Everything the article editor's form sends.</summary>
public sealed class ArticleInput
{
    /// <summary>The form filled from the article as it is (the editor opening it, or an API action that changes nothing else).</summary>
    public static ArticleInput From(Articles.Article article, Site.SiteCalendar calendar) => new()
    {
        Headline = article.Headline,
        Slug = ArticleEditing.HasProvisionalSlug(article) ? null : article.Slug,
        Standfirst = article.Standfirst,
        Body = article.Body,
        SectionId = article.SectionId,
        Tags = string.Join(", ", article.Tags.Select(t => t.Name)),
        AuthorIds = article.Bylines.OrderBy(b => b.Position).Select(b => b.AuthorId).ToList(),
        Image = article.MediaItemId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (article.ImageUrl is null ? "" : "current"),
        ImageAlt = article.ImageAlt,
        ImageCaption = article.ImageCaption,
        ImageCredit = article.ImageCredit,
        PublishAt = article.PublishedAt is { } published ? calendar.ToLocal(published) : null,
        CommentsOpen = article.CommentsOpen,
        EmailSubscribers = article.EmailSubscribers,
    };

    [Required(ErrorMessage = "Enter a headline.")]
    [StringLength(300, ErrorMessage = "Keep the headline under 300 characters.")]
    [Display(Name = "Headline")]
    public string? Headline { get; set; }

    [StringLength(100, ErrorMessage = "Keep the slug under 100 characters.")]
    [Display(Name = "Slug")]
    public string? Slug { get; set; }

    [StringLength(1000, ErrorMessage = "Keep the standfirst under 1,000 characters.")]
    [Display(Name = "Standfirst")]
    public string? Standfirst { get; set; }

    [StringLength(200_000, ErrorMessage = "The body is too long (200,000 characters at most).")]
    [Display(Name = "Body")]
    public string? Body { get; set; }

    [Required(ErrorMessage = "Choose a section.")]
    [Display(Name = "Section")]
    public int? SectionId { get; set; }

    /// <summary>Tag names separated by commas; new names become new tags.</summary>
    [StringLength(1000, ErrorMessage = "Too many tags.")]
    [Display(Name = "Tags")]
    public string? Tags { get; set; }

    [Display(Name = "Authors")]
    public List<int> AuthorIds { get; set; } = [];

    /// <summary>"" for no image, "current" to keep an image not from the library, or a media library id.</summary>
    public string? Image { get; set; }

    [StringLength(500, ErrorMessage = "Keep the alt text under 500 characters.")]
    [Display(Name = "Alt text")]
    public string? ImageAlt { get; set; }

    [StringLength(1000, ErrorMessage = "Keep the caption under 1,000 characters.")]
    [Display(Name = "Caption")]
    public string? ImageCaption { get; set; }

    [StringLength(300, ErrorMessage = "Keep the credit under 300 characters.")]
    [Display(Name = "Credit")]
    public string? ImageCredit { get; set; }

    /// <summary>In the site's time zone; empty means "now" when publishing.</summary>
    [Display(Name = "Publish time")]
    public DateTime? PublishAt { get; set; }

    [Display(Name = "Comments open")]
    public bool CommentsOpen { get; set; } = true;

    /// <summary>Alert the section's subscribers when the article first goes live.</summary>
    [Display(Name = "Email subscribers")]
    public bool EmailSubscribers { get; set; } = true;
}

/// <summary>What the editor saves in the background while the writer types.</summary>
public sealed class AutosaveInput
{
    public string? Headline { get; set; }
    public string? Standfirst { get; set; }
    public string? Body { get; set; }
    public int? SectionId { get; set; }
}
