using Broadsheet.Media;

namespace Broadsheet.Articles;

public sealed class Section
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string? Description { get; set; }

    /// <summary>Order in the site's navigation.</summary>
    public int Position { get; set; }

    public List<Article> Articles { get; set; } = [];
}

public sealed class Tag
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public List<Article> Articles { get; set; } = [];
}

/// <summary>A person who writes for the site and has an author page.</summary>
public sealed class Author
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string? JobTitle { get; set; }
    public string? Bio { get; set; }

    /// <summary>The portrait, chosen from the media library; its alt text comes from there too.</summary>
    public int? PhotoMediaId { get; set; }
    public MediaItem? Photo { get; set; }

    /// <summary>Links shown on the author page (absolute http(s) URLs).</summary>
    public string? WebsiteUrl { get; set; }
    public string? MastodonUrl { get; set; }
    public string? BlueskyUrl { get; set; }
    public string? LinkedInUrl { get; set; }
    public string? XUrl { get; set; }

    public List<Byline> Bylines { get; set; } = [];
}
