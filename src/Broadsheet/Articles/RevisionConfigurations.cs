using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

internal sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> revision)
    {
        revision.Property(r => r.Headline).HasMaxLength(300);
        revision.Property(r => r.Standfirst).HasMaxLength(1000);
        revision.Property(r => r.UserId).HasMaxLength(450);
        revision.Property(r => r.UserName).HasMaxLength(200);
        revision.Property(r => r.Note).HasMaxLength(200);
        revision.HasIndex(r => new { r.ArticleId, r.CreatedAt });
        revision.HasOne(r => r.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleAutosaveConfiguration : IEntityTypeConfiguration<ArticleAutosave>
{
    public void Configure(EntityTypeBuilder<ArticleAutosave> autosave)
    {
        autosave.HasKey(a => new { a.ArticleId, a.UserId });
        autosave.Property(a => a.UserId).HasMaxLength(450);
        autosave.Property(a => a.Headline).HasMaxLength(300);
        autosave.Property(a => a.Standfirst).HasMaxLength(1000);
        autosave.HasOne(a => a.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CorrectionConfiguration : IEntityTypeConfiguration<Correction>
{
    public void Configure(EntityTypeBuilder<Correction> correction)
    {
        correction.Property(c => c.Text).HasMaxLength(2000);
        correction.Property(c => c.UserId).HasMaxLength(450);
        correction.HasIndex(c => new { c.ArticleId, c.CreatedAt });
        correction.HasOne(c => c.Article).WithMany(a => a.Corrections).OnDelete(DeleteBehavior.Cascade);
    }
}
