namespace Broadsheet.Import;

/// <summary>What the export says about the site it came from.</summary>
public sealed class WxrChannel
{
    public string Title { get; set; } = "";
    public string? Link { get; set; }
    public string? BaseSiteUrl { get; set; }
    public string? BaseBlogUrl { get; set; }

    /// <summary>The <c>wp:wxr_version</c> as written; null when the file has none.</summary>
    public string? Version { get; set; }
}

/// <summary>A <c>wp:author</c> entry.</summary>
public sealed record WxrAuthor(string Login, string? Email, string? DisplayName, string? FirstName, string? LastName);

/// <summary>A <c>wp:category</c>, <c>wp:tag</c> or <c>wp:term</c> entry (taxonomy "category" or "post_tag" for the first two).</summary>
public sealed record WxrTerm(string Taxonomy, string Slug, string Name, string? ParentSlug);

/// <summary>A <c>category</c> element of an item: a category, a tag or another taxonomy's term.</summary>
public sealed record WxrItemTerm(string Domain, string Slug, string Name);

/// <summary>One <c>item</c>: a post, page, attachment or anything else WordPress stores as a post.</summary>
public sealed class WxrItem
{
    public int? Id { get; set; }
    public string Title { get; set; } = "";
    public string? Link { get; set; }
    public string? Creator { get; set; }
    public string Content { get; set; } = "";
    public string Excerpt { get; set; } = "";
    public string? PostDate { get; set; }
    public string? PostDateGmt { get; set; }
    public string? ModifiedGmt { get; set; }
    public string? CommentStatus { get; set; }
    public string? PostName { get; set; }
    public string? Status { get; set; }
    public int ParentId { get; set; }
    public string? PostType { get; set; }
    public string? Password { get; set; }
    public bool IsSticky { get; set; }
    public string? AttachmentUrl { get; set; }
    public List<WxrItemTerm> Terms { get; } = [];

    /// <summary>Post meta as written: PHP-serialized values are kept as text, never unserialized.</summary>
    public List<KeyValuePair<string, string>> Meta { get; } = [];

    public List<WxrComment> Comments { get; } = [];

    public string? MetaValue(string key) => Meta.FirstOrDefault(m => m.Key == key).Value;
}

/// <summary>A <c>wp:comment</c> of an item.</summary>
public sealed class WxrComment
{
    public int? Id { get; set; }
    public string Author { get; set; } = "";
    public string? Email { get; set; }
    public string? Url { get; set; }
    public string? Ip { get; set; }
    public string? Date { get; set; }
    public string? DateGmt { get; set; }
    public string Content { get; set; } = "";
    public string Approved { get; set; } = "1";
    public string? Type { get; set; }
    public int ParentId { get; set; }
}
