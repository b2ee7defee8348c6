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
        // The kind before the time: a card's comment count (approved comments, not pingbacks) is counted in the index
        // alone, not by reading each of a busy article's thousands of rows; a discussion's threads come in time order.
        // The parent last: which comments start a thread, counted for every post's redirect to its page, is read from
        // the index too (at 380 comments on an article that count cost 1.1 ms reading rows, 0.07 ms from the index).
        // The id before it keeps the index in the discussion's order (time, then id): without it SQLite read a short
        // discussion in that order from the (Status, CreatedAt, Id) index, every approved comment of the site.
        comment.HasIndex(c => new { c.ArticleId, c.Status, c.Kind, c.CreatedAt, c.Id, c.ParentId });
        comment.HasOne(c => c.Article).WithMany(a => a.Comments).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne(c => c.Parent).WithMany().OnDelete(DeleteBehavior.Restrict);
        comment.Property(c => c.AuthorIp).HasMaxLength(64);
        comment.Property(c => c.ModerationReason).HasMaxLength(300);
        comment.Property(c => c.StaffUserId).HasMaxLength(450);

        // The moderation queue lists by status, newest first, and finds a deep page's ids from the index alone (the id
        // in it); the first-comment rule looks up a commenter by email.
        comment.HasIndex(c => new { c.Status, c.CreatedAt, c.Id });
        comment.HasIndex(c => new { c.AuthorEmail, c.Status });
        comment.HasIndex(c => c.WordPressId).IsUnique();
        // The "reported" tab: few comments are ever reported, so a partial index keeps its count and list off the
        // whole table. The filter is plain SQL that both providers accept. It holds the status the tab leaves out
        // (spam, trash) and is in the list's order to the id, so the count and a page's ids come from it alone: with
        // the status read from each comment's row, the count of a million-comment site's reported comments (up to
        // the tabs' cap of 1,000) was most of the queue's time.
        comment.HasIndex(c => new { c.ReportCount, c.CreatedAt, c.Id, c.Status }).HasFilter("\"ReportCount\" > 0");
    }
}

internal sealed class CommentReportConfiguration : IEntityTypeConfiguration<CommentReport>
{
    public void Configure(EntityTypeBuilder<CommentReport> report)
    {
        report.Property(r => r.ReporterKey).HasMaxLength(64);
        report.HasIndex(r => new { r.CommentId, r.ReporterKey }).IsUnique();
        report.HasOne(r => r.Comment).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}
