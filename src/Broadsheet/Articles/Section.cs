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
    public List<Byline> Bylines { get; set; } = [];
}
