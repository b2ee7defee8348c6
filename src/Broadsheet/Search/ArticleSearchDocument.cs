using Broadsheet.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Search;

/// <summary>
/// The words of one article as the search index sees them: plain text (no Markdown or HTML), with the names of
/// its tags and authors. Every status is indexed, so the newsroom can search drafts; reader search filters on the
/// article's own status. SQLite's FTS5 table <c>ArticleSearch</c> uses this table as its external content (kept in
/// step by triggers); on PostgreSQL a <c>SearchVector</c> tsvector column with a GIN index sits beside the text.
/// Both exist only in their provider's migrations.
/// </summary>
public sealed class ArticleSearchDocument
{
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public required string Headline { get; set; }
    public required string Standfirst { get; set; }
    public required string Body { get; set; }

    /// <summary>Tag names, space separated.</summary>
    public required string Tags { get; set; }

    /// <summary>Byline names, space separated.</summary>
    public required string Authors { get; set; }
}

internal sealed class ArticleSearchDocumentConfiguration : IEntityTypeConfiguration<ArticleSearchDocument>
{
    public void Configure(EntityTypeBuilder<ArticleSearchDocument> document)
    {
        document.HasKey(d => d.ArticleId);
        document.Property(d => d.ArticleId).ValueGeneratedNever();
        document.HasOne(d => d.Article).WithOne().HasForeignKey<ArticleSearchDocument>(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
