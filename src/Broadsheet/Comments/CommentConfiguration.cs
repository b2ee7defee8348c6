using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Comments;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.Property(c => c.AuthorName).HasMaxLength(200);
        comment.Property(c => c.AuthorEmail).HasMaxLength(320);
        comment.Property(c => c.AuthorUrl).HasMaxLength(500);
        comment.Property(c => c.Body).HasMaxLength(20000);
        comment.HasIndex(c => new { c.ArticleId, c.Status, c.CreatedAt });
        comment.HasOne(c => c.Article).WithMany(a => a.Comments).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne(c => c.Parent).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}
