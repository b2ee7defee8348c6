using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.Comments;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Broadsheet.Data;

/// <summary>
/// The provider-neutral model. Each database provider has a thin subclass so that it can keep
/// its own migrations (see <see cref="SqliteBroadsheetDb"/> and <see cref="PostgresBroadsheetDb"/>).
/// </summary>
public abstract class BroadsheetDb(DbContextOptions options) : IdentityDbContext<NewsroomUser>(options), IDataProtectionKeyContext
{
    /// <summary>The data-protection key ring, shared by every node (each key's XML is encrypted before it is stored).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<MediaFile> MediaFiles => Set<MediaFile>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Byline> Bylines => Set<Byline>();
    public DbSet<RetiredSlug> RetiredSlugs => Set<RetiredSlug>();
    public DbSet<RetiredSectionSlug> RetiredSectionSlugs => Set<RetiredSectionSlug>();
    public DbSet<RetiredAuthorSlug> RetiredAuthorSlugs => Set<RetiredAuthorSlug>();
    public DbSet<RemovedSlug> RemovedSlugs => Set<RemovedSlug>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentReport> CommentReports => Set<CommentReport>();
    public DbSet<Spam.UsedChallenge> UsedChallenges => Set<Spam.UsedChallenge>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<ArticleAutosave> ArticleAutosaves => Set<ArticleAutosave>();
    public DbSet<Correction> Corrections => Set<Correction>();
    public DbSet<MediaItem> MediaItems => Set<MediaItem>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SiteSettings> SiteSettings => Set<SiteSettings>();
    public DbSet<Subscriptions.Subscriber> Subscribers => Set<Subscriptions.Subscriber>();
    public DbSet<Subscriptions.SubscriberSection> SubscriberSections => Set<Subscriptions.SubscriberSection>();
    public DbSet<Subscriptions.DiscussionFollow> DiscussionFollows => Set<Subscriptions.DiscussionFollow>();
    public DbSet<Subscriptions.SpentLink> SpentLinks => Set<Subscriptions.SpentLink>();
    public DbSet<Mail.OutboxMessage> Outbox => Set<Mail.OutboxMessage>();
    public DbSet<Mail.MailJob> MailJobs => Set<Mail.MailJob>();
    public DbSet<StaticPages.StaticPage> StaticPages => Set<StaticPages.StaticPage>();
    public DbSet<StaticPages.StaticPageRevision> StaticPageRevisions => Set<StaticPages.StaticPageRevision>();
    public DbSet<Redirects.Redirect> Redirects => Set<Redirects.Redirect>();
    public DbSet<Search.ArticleSearchDocument> ArticleSearchDocuments => Set<Search.ArticleSearchDocument>();
    public DbSet<Api.ApiToken> ApiTokens => Set<Api.ApiToken>();
    public DbSet<Api.IdempotencyRecord> IdempotencyRecords => Set<Api.IdempotencyRecord>();
    public DbSet<Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Webhooks.WebhookEndpoint>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<Webhooks.WebhookAttempt> WebhookAttempts => Set<Webhooks.WebhookAttempt>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's tables (AspNetUsers, AspNetRoles …) first; our configurations may refer to them.
        base.OnModelCreating(builder);
        builder.Entity<NewsroomUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.HasOne(u => u.Author).WithMany().OnDelete(DeleteBehavior.SetNull);
        });
        builder.ApplyConfigurationsFromAssembly(typeof(BroadsheetDb).Assembly);
    }

    /// <summary>
    /// Saves, and rewrites the search documents of the articles the save changed (text, tags, bylines, renamed tags
    /// and authors) in the same transaction, beginning one when the caller has none: every path that saves articles
    /// (the editor, imports, demo content, commands) keeps the index current without knowing about it.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var search = await Search.SearchIndexTracker.CollectAsync(this, cancellationToken);
        if (search.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await Search.SearchIndex.UpdateAsync(this, search.ArticleIds(), cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The synchronous save keeps the index current too (nothing here saves synchronously, but a library might).</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored in UTC; SQLite forgets the kind on the way back, so it is restored here. (Internal, not
        // private: the compiled models in Data/CompiledModels construct it.)
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteBroadsheetDb(DbContextOptions<SqliteBroadsheetDb> options) : BroadsheetDb(options);

public sealed class PostgresBroadsheetDb(DbContextOptions<PostgresBroadsheetDb> options) : BroadsheetDb(options);
