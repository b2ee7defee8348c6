using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> article)
    {
        article.Property(a => a.Headline).HasMaxLength(300);
        article.Property(a => a.Slug).HasMaxLength(100);
        article.HasIndex(a => a.Slug).IsUnique();
        article.Property(a => a.Standfirst).HasMaxLength(1000);
        article.Property(a => a.ImageUrl).HasMaxLength(500);
        article.Property(a => a.ImageAlt).HasMaxLength(500);
        article.Property(a => a.ImageCaption).HasMaxLength(1000);
        article.Property(a => a.ImageCredit).HasMaxLength(300);
        // Every reader list filters on status and orders by publication time, then id (Latest): with the id in the
        // index, PostgreSQL reads a deep page from the index alone, sorting nothing (SQLite's indexes hold it anyway).
        article.HasIndex(a => new { a.Status, a.PublishedAt, a.Id });
        article.HasIndex(a => new { a.SectionId, a.Status, a.PublishedAt, a.Id });
        // More Articles' candidates by id, with what ranks them (see MoreArticlesSql): SQLite keeps these columns after
        // the body in the row, often on an overflow page of its own, so reading them from the table cost a page read
        // or two per candidate, hundreds per ranking.
        article.HasIndex(a => new { a.Id, a.Status, a.PublishedAt, a.SectionId });
        article.HasOne(a => a.Section).WithMany(s => s.Articles).OnDelete(DeleteBehavior.Restrict);
        article.Property(a => a.CreatedById).HasMaxLength(450);
        article.HasIndex(a => a.CreatedById);
        article.Property(a => a.ImageVariants).HasMaxLength(100);
        // A tag's articles, newest id first, straight from the index (More Articles' candidates, the APIs' tag
        // filters); it also serves the foreign key, so EF needs no index of its own on TagsId.
        // Each link also carries its article's status and publication time (ListedArticle), so page 500 of a tag of a
        // third of the site is a range of one index rather than a walk of every published article.
        article.HasMany(a => a.Tags).WithMany(t => t.Articles)
            .UsingEntity("ArticleTags", join =>
            {
                join.HasIndex("TagsId", "ArticlesId");
                ListedArticle.Configure(join, "TagsId", "ArticlesId");
            });
        article.HasIndex(a => a.WordPressId).IsUnique();
        // The newsroom's article list: last changed first, unfiltered or filtered by status, section or both (at
        // 100,000 articles a filter without its own index sorts every matching row on every visit). The status at the
        // end lets the list leave the trash out from the index alone: a deep page walks thousands of entries, and
        // reading each row for its status made page 500 cost 25-30 ms, and 200 ms filtered by author.
        article.HasIndex(a => new { a.UpdatedAt, a.Id, a.Status });
        // The publication time at the end serves the WordPress API's posts by last change (published ones only) from the
        // index alone, and its posts by title the same way: SQLite otherwise read every published row, after its body,
        // to sort them (270 ms a page at 100,000 articles; 15-20 ms from the index at any depth).
        article.HasIndex(a => new { a.Status, a.UpdatedAt, a.Id, a.PublishedAt });
        article.HasIndex(a => new { a.Status, a.Headline, a.Id, a.PublishedAt });
        article.HasIndex(a => new { a.SectionId, a.UpdatedAt, a.Id, a.Status });
        article.HasIndex(a => new { a.SectionId, a.Status, a.UpdatedAt, a.Id });
        // A writer's own articles in that list, read from their side: each article's last change, status and section
        // by id, without the row (which SQLite keeps after the body). 18,000 articles looked up and sorted: 64 -> 20 ms.
        // An editor's list filtered by author reads the bylines' copies instead (ListedArticle.ConfigureNewsroomCopy).
        article.HasIndex(a => new { a.Id, a.UpdatedAt, a.Status, a.SectionId });
        // The retention job looks for what has been in the trash long enough.
        article.HasIndex(a => a.TrashedAt);
    }
}

internal sealed class BylineConfiguration : IEntityTypeConfiguration<Byline>
{
    public void Configure(EntityTypeBuilder<Byline> byline)
    {
        byline.HasKey(b => new { b.ArticleId, b.AuthorId });
        // An author's articles from the index alone (a writer's own newsroom list, the APIs' author filters), without a
        // lookup per byline row.
        byline.HasIndex(b => new { b.AuthorId, b.ArticleId });
        ListedArticle.Configure(byline, nameof(Byline.AuthorId), nameof(Byline.ArticleId));
        ListedArticle.ConfigureNewsroomCopy(byline);
        byline.HasOne(b => b.Article).WithMany(a => a.Bylines).OnDelete(DeleteBehavior.Cascade);
        byline.HasOne(b => b.Author).WithMany(a => a.Bylines).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RetiredSlugConfiguration : IEntityTypeConfiguration<RetiredSlug>
{
    public void Configure(EntityTypeBuilder<RetiredSlug> retired)
    {
        retired.HasKey(r => r.Slug);
        retired.Property(r => r.Slug).HasMaxLength(100);
        retired.HasOne(r => r.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RemovedSlugConfiguration : IEntityTypeConfiguration<RemovedSlug>
{
    public void Configure(EntityTypeBuilder<RemovedSlug> removed)
    {
        removed.HasKey(r => r.Slug);
        removed.Property(r => r.Slug).HasMaxLength(100);
    }
}

internal sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> section)
    {
        section.Property(s => s.Name).HasMaxLength(100);
        section.Property(s => s.Slug).HasMaxLength(100);
        section.Property(s => s.Description).HasMaxLength(500);
        section.HasIndex(s => s.Slug).IsUnique();
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> tag)
    {
        tag.Property(t => t.Name).HasMaxLength(100);
        tag.Property(t => t.Slug).HasMaxLength(100);
        tag.HasIndex(t => t.Slug).IsUnique();
    }
}

internal sealed class AuthorConfiguration : IEntityTypeConfiguration<Author>
{
    public void Configure(EntityTypeBuilder<Author> author)
    {
        author.Property(a => a.Name).HasMaxLength(200);
        author.Property(a => a.Slug).HasMaxLength(100);
        author.Property(a => a.JobTitle).HasMaxLength(200);
        author.Property(a => a.Bio).HasMaxLength(2000);
        author.HasIndex(a => a.Slug).IsUnique();
        // Deleting the image from the library leaves the author without a photo, never without a page.
        author.HasOne(a => a.Photo).WithMany().HasForeignKey(a => a.PhotoMediaId).OnDelete(DeleteBehavior.SetNull);
        foreach (var link in AuthorLinks.Properties)
        {
            author.Property(link).HasMaxLength(AuthorLinks.MaxLength);
        }
    }
}
