using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Spam;
using Broadsheet.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

public enum PostOutcome
{
    Posted,
    Invalid,
    NoArticle,
    Closed,
    ChallengeExpired,
    ChallengeFailed,
    Duplicate,
}

/// <summary>What became of a posted comment; <see cref="Errors"/> names the fields to fix.</summary>
public sealed record PostResult(PostOutcome Outcome, int CommentId = 0, CommentStatus Status = CommentStatus.Pending, IReadOnlyDictionary<string, string>? Errors = null)
{
    public static readonly PostResult NoArticle = new(PostOutcome.NoArticle);
}

/// <summary>A published article as the comment form needs it.</summary>
public sealed record DiscussionArticle(int Id, string Headline, string Slug, DateTime PublishedAt, bool CommentsOpen)
{
    private static readonly CompiledPerModel<Func<BroadsheetDb, int, DateTime, CancellationToken, Task<DiscussionArticle?>>> Find = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, int id, DateTime utcNow, CancellationToken _) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= utcNow && a.Id == id)
                .Select(a => new DiscussionArticle(a.Id, a.Headline, a.Slug, a.PublishedAt!.Value, a.CommentsOpen))
                .FirstOrDefault()));

    public static Task<DiscussionArticle?> FindAsync(BroadsheetDb db, int id, DateTime utcNow, CancellationToken cancellationToken) =>
        Find.For(db)(db, id, utcNow, cancellationToken);
}

/// <summary>What the discussion rules ask of the database about a new comment (see <see cref="CommentPosting"/>).</summary>
internal sealed record KnownCommenter(bool Duplicate, bool ApprovedBefore, bool NewsroomEmail);

/// <summary>
/// Takes a reader's comment: validates it, checks the anti-spam challenge (spent once, across restarts and
/// nodes), applies the discussion rules, saves it and refreshes the article's cached pages when it shows.
/// </summary>
public sealed class CommentPosting(
    BroadsheetDb db, AltchaChallenges challenges, FormStamps stamps, SiteSettingsStore settings,
    PageCacheEviction eviction, TimeProvider time, IOptions<CommentOptions> options, DiscussionMail followUps, Webhooks.WebhookOutbox webhooks)
{
    public DiscussionRules Rules => settings.Discussion;

    private static readonly CompiledPerModel<Func<BroadsheetDb, int, string, string, string, bool, string, CancellationToken, Task<KnownCommenter?>>> Known = new(() =>
        EF.CompileAsyncQuery((BroadsheetDb db, int articleId, string body, string email, string name, bool holdFirst, string normalizedEmail, CancellationToken _) =>
            db.Articles.AsNoTracking().Where(a => a.Id == articleId)
                .Select(a => new KnownCommenter(
                    // The length first: it leads the (ArticleId, length(Body)) index, so the check reads the few
                    // comments of the same length instead of every comment of the discussion.
                    db.Comments.Any(c => c.ArticleId == a.Id && c.Body.Length == body.Length && c.Body == body && c.Status != CommentStatus.Trash
                        && (c.AuthorEmail == email || c.AuthorName == name)),
                    // Staff replies do not count: anyone can type a journalist's name and email.
                    holdFirst && db.Comments.Any(c => c.AuthorEmail == email && c.AuthorName == name
                        && c.Status == CommentStatus.Approved && !c.IsStaff),
                    db.Users.Any(u => u.NormalizedEmail == normalizedEmail)))
                .FirstOrDefault()));

    public async Task<PostResult> PostAsync(CommentInput input, DiscussionArticle article, string? ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rules = settings.Discussion;
        if (!rules.AreOpen(article.CommentsOpen, article.PublishedAt, now))
        {
            return new(PostOutcome.Closed);
        }

        var errors = input.Validate(rules.MaxLength);
        if (errors.Count > 0)
        {
            return new(PostOutcome.Invalid, Errors: errors);
        }

        var body = input.Comment!.Trim();
        var name = input.Name!.Trim();
        var email = input.Email!.Trim();
        var website = string.IsNullOrWhiteSpace(input.Website) ? null : input.Website.Trim();

        // The challenge first: an expired or forged solution is refused before anything is looked up.
        AltchaResult? challenge = null;
        if (!string.IsNullOrEmpty(input.Altcha))
        {
            challenge = challenges.Verify(input.Altcha);
            if (challenge.Verdict == AltchaVerdict.Expired)
            {
                return new(PostOutcome.ChallengeExpired);
            }

            if (challenge.Verdict != AltchaVerdict.Valid)
            {
                return new(PostOutcome.ChallengeFailed);
            }
        }

        var parentId = await ReplyTargets.FindAsync(db, article.Id, input.ParentId, rules.ThreadDepth, cancellationToken);
        if (parentId == -1)
        {
            return new(PostOutcome.Invalid, Errors: new Dictionary<string, string> { [""] = "The comment you replied to is no longer there. Your reply can still be posted as a new comment." });
        }

        // The three questions the rules ask of the database, in one round trip.
        var known = await Known.For(db)(db, article.Id, body, email, name, rules.HoldFirstComment, email.ToUpperInvariant(), cancellationToken);
        if (known is null)
        {
            return PostResult.NoArticle; // deleted since the page loaded it
        }

        if (known.Duplicate)
        {
            return new(PostOutcome.Duplicate);
        }

        var age = stamps.Age(input.Stamp, article.Id);
        var candidate = new CommentCandidate(
            body, name, email, website, ip,
            PassedChallenge: challenge is not null,
            HoneypotFilled: !string.IsNullOrEmpty(input.Trap),
            TooFast: age is null || age < options.Value.MinimumFillTime);
        var (status, reason) = rules.Judge(candidate, known.ApprovedBefore);
        if (status == CommentStatus.Approved && known.NewsroomEmail)
        {
            (status, reason) = (CommentStatus.Pending, "Uses the email address of a newsroom account.");
        }

        var comment = new Comment
        {
            ArticleId = article.Id,
            ParentId = parentId,
            AuthorName = name,
            AuthorEmail = email,
            AuthorUrl = website,
            Body = body,
            Status = status,
            ModerationReason = reason is { Length: > 300 } ? reason[..299] + "…" : reason,
            AuthorIp = ip,
            CreatedAt = now,
            // Announced in this transaction (below) if it shows at once; a held comment is announced when approved.
            FollowersNotifiedAt = status == CommentStatus.Approved ? now : null,
        };
        db.Comments.Add(comment);
        var (mailed, hooked) = (0, 0);
        // Posts queue for SQLite's single writer here rather than sleep in its driver (see SqliteWriteGate).
        using (await SqliteWriteGate.EnterAsync(db, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Spending the challenge and saving the comment are one transaction: a solution counts once,
            // whichever of several simultaneous posts (on any node) claims it first.
            if (challenge is not null && !await db.TrySpendAsync(challenge, cancellationToken))
            {
                db.ChangeTracker.Clear();
                return new(PostOutcome.ChallengeFailed);
            }

            await db.SaveChangesAsync(cancellationToken);

            // The followers' mail is written with the comment that causes it, or not at all.
            if (status == CommentStatus.Approved)
            {
                mailed = await followUps.QueueNewAsync(comment, cancellationToken);
                hooked = await webhooks.CommentsApprovedAsync(db, [comment.Id], cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (status == CommentStatus.Approved)
        {
            // Only when there is something to send: a sender woken for nothing still queries its queue.
            if (mailed > 0)
            {
                followUps.Wake();
            }

            if (hooked > 0)
            {
                webhooks.Wake();
            }

            await eviction.CommentsChangedAsync(article.Id, cancellationToken);
        }

        await db.PruneSpentChallengesAsync(now, cancellationToken);
        return new(PostOutcome.Posted, comment.Id, status);
    }
}
