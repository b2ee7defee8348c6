using Broadsheet.Comments;

namespace Broadsheet.Articles;

/// <summary>A dated piece of journalism: the unit the whole site is built around.</summary>
public sealed class Article
{
    public int Id { get; set; }
    public required string Headline { get; set; }

    /// <summary>Lowercase, unique; the last segment of the article's URL.</summary>
    public required string Slug { get; set; }

    public string? Standfirst { get; set; }

    /// <summary>Source of the body: Markdown, or sanitized HTML for imported articles (see <see cref="BodyFormat"/>).</summary>
    public required string Body { get; set; }

    public BodyFormat BodyFormat { get; set; }

    /// <summary>Kept at the top of the home page (WordPress's "sticky" posts).</summary>
    public bool IsSticky { get; set; }

    /// <summary>The post's id on the WordPress site it was imported from: a second import adds nothing, and <c>?p=ID</c> finds it.</summary>
    public int? WordPressId { get; set; }

    public ArticleStatus Status { get; set; }

    /// <summary>UTC; set when the article is (or is scheduled to be) published.</summary>
    public DateTime? PublishedAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public int SectionId { get; set; }
    public Section Section { get; set; } = null!;

    public List<Tag> Tags { get; set; } = [];
    public List<Byline> Bylines { get; set; } = [];
    public List<Comment> Comments { get; set; } = [];
    public List<Correction> Corrections { get; set; } = [];

    /// <summary>The newsroom account that created the article (null for imported and demo articles).</summary>
    public string? CreatedById { get; set; }

    /// <summary>The featured image's entry in the media library, when it came from there.</summary>
    public int? MediaItemId { get; set; }

    /// <summary>Widths of the featured image's resized copies (from the media library), for srcset.</summary>
    public string? ImageVariants { get; set; }

    public string? ImageUrl { get; set; }
    public string? ImageAlt { get; set; }
    public string? ImageCaption { get; set; }
    public string? ImageCredit { get; set; }
    public int? ImageWidth { get; set; }
    public int? ImageHeight { get; set; }

    public bool CommentsOpen { get; set; } = true;

    /// <summary>The editor's "Email subscribers" choice: alert subscribers when the article first goes live.</summary>
    public bool EmailSubscribers { get; set; } = true;

    /// <summary>When the subscriber alert was queued (or skipped); set once, so a republished or edited article never alerts again.</summary>
    public DateTime? AlertQueuedAt { get; set; }

    /// <summary>When it was moved to the trash (null outside it); the trash empties itself some days after.</summary>
    public DateTime? TrashedAt { get; set; }

    /// <summary>The status it had when it was moved to the trash, to come back to on restore.</summary>
    public ArticleStatus? StatusBeforeTrash { get; set; }
}

/// <summary>How a body (of an article or a static page) is written.</summary>
public enum BodyFormat
{
    Markdown = 0,

    /// <summary>HTML cleaned by the sanitizer's allow-list when it was saved; imported from WordPress.</summary>
    Html = 1,
}

public enum ArticleStatus
{
    Draft = 0,
    PendingReview = 1,
    Scheduled = 2,
    Published = 3,
    Unpublished = 4,

    /// <summary>In the newsroom's trash: off the site (its address answers 410) until restored or deleted for good.</summary>
    Trashed = 5,
}

/// <summary>An author's place in an article's byline; <see cref="Position"/> keeps the byline's order.</summary>
public sealed class Byline
{
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public int AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    public int Position { get; set; }
}

/// <summary>
/// The slug of an article that was public and has been deleted for good: its address answers 410 Gone, so search
/// engines drop it, until another article takes the slug.
/// </summary>
public sealed class RemovedSlug
{
    public required string Slug { get; set; }
    public DateTime RemovedAt { get; set; }
}

/// <summary>A slug an article used to have; its old URL answers 301 to the current one.</summary>
public sealed class RetiredSlug
{
    public required string Slug { get; set; }
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public DateTime RetiredAt { get; set; }
}
