using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Pages.Comments;

/// <summary>
/// Takes every comment post, and is the form's own page when the article page cannot serve it: a reply
/// without JavaScript, a post that needs fixing, an expired check, too many posts. Never cached.
/// </summary>
/// <remarks>
/// The cached article page's form carries no antiforgery token of its own (the same bytes go to every
/// reader; its script fetches one). A post without a valid token is therefore not refused but shown back
/// here, text intact, with a token, to be sent again: nothing is saved from a request that lacks one.
/// </remarks>
[IgnoreAntiforgeryToken]
public sealed class ReplyModel(
    BroadsheetDb db, CommentPosting posting, CommentCookies cookies, FormStamps stamps, IAntiforgery antiforgery,
    CommentRateLimits limits, SiteCalendar calendar, TimeProvider time, SubscriptionRequests subscriptions,
    CommentPermalinks permalinks) : SitePage
{
    [BindProperty]
    public CommentInput Input { get; set; } = new();

    public DiscussionArticle Article { get; private set; } = null!;
    public string ArticlePath { get; private set; } = "";
    public CommentFormView Form { get; private set; } = null!;
    public ParentComment? Parent { get; private set; }
    public HeldComment? Held { get; private set; }
    public bool Closed { get; private set; }
    public string ClosedMessage { get; private set; } = "Comments are closed on this article.";

    public sealed record ParentComment(int Id, string AuthorName, string BodyHtml);

    public sealed record HeldComment(int Id, string AuthorName, string BodyHtml, DateTime CreatedAt);

    public async Task<IActionResult> OnGetAsync(int article, int? replyto, int? held, CancellationToken cancellationToken)
    {
        if (!await LoadArticleAsync(article, cancellationToken))
        {
            return NotFound();
        }

        if (cookies.Remembered(Request) is { } remembered)
        {
            Input.Name = remembered.Name;
            Input.Email = remembered.Email;
            Input.Website = remembered.Website;
            Input.Remember = true;
        }

        Input.ArticleId = article;
        Input.ParentId = replyto;
        if (held is { } heldId && cookies.HeldIds(Request).Contains(heldId))
        {
            var row = await db.Comments.AsNoTracking()
                .Where(c => c.Id == heldId && c.ArticleId == article && c.Status == CommentStatus.Pending)
                .Select(c => new { c.Id, c.AuthorName, c.Body, c.CreatedAt })
                .FirstOrDefaultAsync(cancellationToken);
            Held = row is null ? null : new HeldComment(row.Id, row.AuthorName, CommentText.ToHtml(row.Body), row.CreatedAt);
        }

        return await ShowAsync(null, null, StatusCodes.Status200OK, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Input.ArticleId <= 0)
        {
            // Not a form any page of ours sends (a browser cannot type a NUL, which makes the form unreadable).
            return BadRequest();
        }

        if (!await LoadArticleAsync(Input.ArticleId, cancellationToken))
        {
            // Withdrawn while the reader wrote: say so, and give them their text back.
            Article = new DiscussionArticle(0, "This article is no longer available", "", default, false);
            ArticlePath = "/";
            Closed = true;
            ClosedMessage = "This article has been withdrawn, so it takes no comments.";
            Meta.Title = Article.Headline;
            Meta.NoIndex = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        if (TolerantForms.RemovedNul(HttpContext))
        {
            // Never saved quietly changed: the reader sees the text as it will be kept and sends it again.
            return await ShowAsync(TolerantForms.RemovedNulMessage, Input.Validate(posting.Rules.MaxLength), StatusCodes.Status400BadRequest, cancellationToken);
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            // The cached form without its script, or a page left open long enough for the token to lapse.
            var errors = Input.Validate(posting.Rules.MaxLength);
            return await ShowAsync("Please check your comment and press Post Comment to send it.", errors, StatusCodes.Status200OK, cancellationToken);
        }

        using var lease = await limits.Posts.AcquireAsync(CommentRateLimits.ClientKey(HttpContext), 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            return await ShowAsync(CommentRateLimits.TooMany, null, StatusCodes.Status429TooManyRequests, cancellationToken);
        }

        var result = await posting.PostAsync(Input, Article, CommentRateLimits.ClientAddress(HttpContext), cancellationToken);
        switch (result.Outcome)
        {
            case PostOutcome.Posted:
                cookies.Remember(HttpContext, Input);
                if (result.Status is CommentStatus.Approved or CommentStatus.Pending)
                {
                    // Never for a comment judged spam: its address may be anyone's, and it asked for nothing we should act on.
                    await subscriptions.FollowAsync(
                        Input.Email!, Input.Name!.Trim(), Article.Id, Article.Headline, Input.FollowComments,
                        Input.FollowReplies ? result.CommentId : null, cancellationToken);
                }

                if (result.Status != CommentStatus.Approved)
                {
                    cookies.AddHeld(HttpContext, result.CommentId);
                    if (string.IsNullOrEmpty(Input.Altcha))
                    {
                        // Without script the cached article page cannot show the reader their held comment; this page can.
                        return Redirect($"/comments/reply?article={Article.Id}&held={result.CommentId}#held");
                    }
                }

                // To the page of the discussion that shows it; a new thread on the newest-first site's first page needs no look-up.
                var page = Input.ParentId is null && posting.Rules.NewestFirst
                    ? 1 : await permalinks.PageOfAsync(result.CommentId, Article.Id, cancellationToken);
                return Redirect(CommentPermalinks.PagePath(ArticlePath, page) + CommentPermalinks.Anchor(result.CommentId));
            case PostOutcome.Closed:
                return await ShowAsync("Comments are closed on this article.", null, StatusCodes.Status403Forbidden, cancellationToken);
            case PostOutcome.ChallengeExpired:
                Input.Altcha = null;
                return await ShowAsync(CommentInput.Expired, null, StatusCodes.Status400BadRequest, cancellationToken);
            case PostOutcome.ChallengeFailed:
                Input.Altcha = null;
                return await ShowAsync("The anti-spam check did not pass. Please press Post Comment again: your comment is still here.", null, StatusCodes.Status400BadRequest, cancellationToken);
            case PostOutcome.Duplicate:
                return await ShowAsync(CommentInput.Duplicate, null, StatusCodes.Status409Conflict, cancellationToken);
            case PostOutcome.Invalid:
                var errors = result.Errors ?? new Dictionary<string, string>();
                return await ShowAsync(
                    errors.TryGetValue("", out var general) ? general : "Please fix the fields marked below.", errors, StatusCodes.Status400BadRequest, cancellationToken);
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadArticleAsync(int articleId, CancellationToken cancellationToken)
    {
        var article = await DiscussionArticle.FindAsync(db, articleId, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (article is null)
        {
            return false;
        }

        Article = article;
        ArticlePath = calendar.ArticlePath(article.PublishedAt, article.Slug);
        Closed = !posting.Rules.AreOpen(article.CommentsOpen, article.PublishedAt, time.GetUtcNow().UtcDateTime);
        return true;
    }

    private async Task<IActionResult> ShowAsync(string? message, IReadOnlyDictionary<string, string>? errors, int status, CancellationToken cancellationToken)
    {
        if (Input.ParentId is { } parentId)
        {
            var row = await db.Comments.AsNoTracking()
                .Where(c => c.Id == parentId && c.ArticleId == Article.Id && c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment)
                .Select(c => new { c.Id, c.AuthorName, c.Body })
                .FirstOrDefaultAsync(cancellationToken);
            Parent = row is null ? null : new ParentComment(row.Id, row.AuthorName, CommentText.ToHtml(row.Body));
            if (Parent is null)
            {
                Input.ParentId = null;
            }
        }

        Form = new CommentFormView(Article.Id, ArticlePath, posting.Rules.MaxLength)
        {
            Input = Input,
            Errors = errors ?? new Dictionary<string, string>(),
            Message = message,
            // A form shown again keeps the time it was first shown: pressing Post Comment at once is not "too fast".
            Stamp = stamps.Age(Input.Stamp, Article.Id) is null ? stamps.Issue(Article.Id) : Input.Stamp,
            ParentAuthor = Parent?.AuthorName,
        };
        Meta.Title = Parent is null ? $"Leave a reply: {Article.Headline}" : $"Reply to {Parent.AuthorName}: {Article.Headline}";
        Meta.CanonicalPath = ArticlePath;
        Meta.NoIndex = true;
        Response.StatusCode = status;
        return Page();
    }
}
