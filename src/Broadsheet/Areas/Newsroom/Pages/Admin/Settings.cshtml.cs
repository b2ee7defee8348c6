using System.ComponentModel.DataAnnotations;
using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Admin;

/// <summary>Site settings: title, tagline, time zone, language, date format and whether new articles take comments.</summary>
public sealed class SettingsModel(
    BroadsheetDb db, SiteSettingsStore settings, PageCacheEviction eviction, AuditLog audit, TimeProvider time, FooterMenuChoices footer,
    Nodes.SiteSettingsChannel nodes) : NewsroomPage
{
    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    /// <summary>The footer menu form: one row per published page.</summary>
    [BindProperty]
    public List<FooterChoice> Footer { get; set; } = [];

    public IReadOnlyList<FooterCandidate> FooterPages { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Title = "Settings";
        FillSettings();
        (FooterPages, Footer) = await footer.LoadAsync(HttpContext.RequestAborted);
    }

    private void FillSettings()
    {
        var current = settings.Snapshot();
        Input = new SettingsInput
        {
            Title = current.Title,
            Tagline = current.Tagline,
            TimeZone = current.TimeZone,
            Culture = current.Culture,
            DateFormat = current.DateFormat,
            CommentsOpenByDefault = current.Discussion.CommentsOpenByDefault,
            CloseCommentsAfterDays = current.Discussion.CloseCommentsAfterDays,
            HoldFirstComment = current.Discussion.HoldFirstComment,
            MaxLinks = current.Discussion.MaxLinks,
            ThreadDepth = current.Discussion.ThreadDepth,
            CommentsPerPage = current.Discussion.CommentsPerPage,
            NewestCommentsFirst = current.Discussion.NewestCommentsFirst,
            MaxCommentLength = current.Discussion.MaxCommentLength,
            ModerationKeys = current.Discussion.ModerationKeys,
            BlocklistKeys = current.Discussion.BlocklistKeys,
        };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Title = "Settings";
        if (!SiteSettingsStore.IsKnownTimeZone(Input.TimeZone))
        {
            ModelState.AddModelError("Input.TimeZone", "Enter a time zone such as Europe/London, America/New_York or UTC.");
        }

        if (!SiteSettingsStore.IsKnownCulture(Input.Culture))
        {
            ModelState.AddModelError("Input.Culture", "Enter a language and region such as en-US, en-GB or fr-FR.");
        }
        else if (!SiteSettingsStore.IsUsableDateFormat(Input.DateFormat, Input.Culture!))
        {
            ModelState.AddModelError("Input.DateFormat", "Enter a .NET date format such as D (the long date) or dddd d MMMM yyyy.");
        }

        if (!ModelState.IsValid)
        {
            (FooterPages, Footer) = await footer.LoadAsync(HttpContext.RequestAborted);
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        var saved = await db.SiteSettings.FindAsync([1], ct);
        if (saved is null)
        {
            saved = new SiteSettings { Id = 1, Title = "", Tagline = "", TimeZone = "", Culture = "", DateFormat = "" };
            db.SiteSettings.Add(saved);
        }

        saved.Title = Input.Title!.Trim();
        saved.Tagline = Input.Tagline?.Trim() ?? "";
        saved.TimeZone = Input.TimeZone!.Trim();
        saved.Culture = Input.Culture!.Trim();
        saved.DateFormat = Input.DateFormat!.Trim();
        saved.Discussion.CommentsOpenByDefault = Input.CommentsOpenByDefault;
        saved.Discussion.CloseCommentsAfterDays = Input.CloseCommentsAfterDays;
        saved.Discussion.HoldFirstComment = Input.HoldFirstComment;
        saved.Discussion.MaxLinks = Input.MaxLinks;
        saved.Discussion.ThreadDepth = Input.ThreadDepth;
        saved.Discussion.CommentsPerPage = Input.CommentsPerPage;
        saved.Discussion.NewestCommentsFirst = Input.NewestCommentsFirst;
        saved.Discussion.MaxCommentLength = Input.MaxCommentLength;
        saved.Discussion.ModerationKeys = Keys(Input.ModerationKeys);
        saved.Discussion.BlocklistKeys = Keys(Input.BlocklistKeys);
        saved.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await settings.RefreshAsync(db, ct);
        await eviction.SiteChangedAsync(ct);
        await nodes.SettingsSavedAsync(ct);
        await audit.RecordAsync("Changed site settings", saved.Title, ct);
        Flash = "Settings saved. Every page shows them now.";
        return RedirectToPage();
    }

    /// <summary>Saves which pages the site footer links to, and their order.</summary>
    public async Task<IActionResult> OnPostFooterAsync()
    {
        Title = "Settings";
        ValidateOnly(nameof(Footer));
        var ct = HttpContext.RequestAborted;
        if (FooterMenuChoices.Check(Footer) is { } problem)
        {
            ModelState.AddModelError(nameof(Footer), problem);
        }

        if (!ModelState.IsValid)
        {
            // The settings form shows what is saved; the footer form keeps what was typed.
            var typed = Footer;
            FillSettings();
            (FooterPages, var current) = await footer.LoadAsync(ct);
            Footer = current.Select(c => typed.FirstOrDefault(t => t.PageId == c.PageId) ?? c).ToList();
            return Page();
        }

        await footer.SaveAsync(Footer, ct);
        await audit.RecordAsync("Changed the footer menu", $"{Footer.Count(c => c.Shown)} page(s)", ct);
        Flash = "Footer menu saved. Every page shows it now.";
        return Redirect("/newsroom/settings#footer-menu");
    }

    private static string Keys(string? text) => string.Join('\n', Broadsheet.Comments.DiscussionRules.Lines(text?.Replace("\r", "", StringComparison.Ordinal)));
}

public sealed class SettingsInput
{
    [Range(0, 36500, ErrorMessage = "Enter a number of days from 0 (never close) to 36500.")]
    [Display(Name = "Close comments on articles older than (days)")]
    public int CloseCommentsAfterDays { get; set; }

    [Display(Name = "Hold a commenter's first comment for moderation")]
    public bool HoldFirstComment { get; set; } = true;

    [Range(0, 100, ErrorMessage = "Enter a number of links from 0 to 100.")]
    [Display(Name = "Hold a comment with more links than")]
    public int MaxLinks { get; set; } = 2;

    [Range(1, 10, ErrorMessage = "Enter a thread depth from 1 (no replies) to 10.")]
    [Display(Name = "Thread depth")]
    public int ThreadDepth { get; set; } = 3;

    [Range(1, 500, ErrorMessage = "Enter a number of comment threads per page from 1 to 500.")]
    [Display(Name = "Comment threads per page")]
    public int CommentsPerPage { get; set; } = 50;

    [Display(Name = "Show the newest comments first")]
    public bool NewestCommentsFirst { get; set; }

    [Range(100, 20000, ErrorMessage = "Enter a length from 100 to 20,000 characters.")]
    [Display(Name = "Longest comment (characters)")]
    public int MaxCommentLength { get; set; } = 5000;

    [StringLength(20000, ErrorMessage = "Keep the list under 20,000 characters.")]
    [Display(Name = "Moderation words")]
    public string? ModerationKeys { get; set; }

    [StringLength(20000, ErrorMessage = "Keep the list under 20,000 characters.")]
    [Display(Name = "Blocklist")]
    public string? BlocklistKeys { get; set; }

    [Required(ErrorMessage = "Enter the site's title.")]
    [StringLength(200, ErrorMessage = "Keep the title under 200 characters.")]
    [Display(Name = "Site title")]
    public string? Title { get; set; }

    [StringLength(300, ErrorMessage = "Keep the tagline under 300 characters.")]
    [Display(Name = "Tagline")]
    public string? Tagline { get; set; }

    [Required(ErrorMessage = "Enter a time zone such as Europe/London.")]
    [Display(Name = "Time zone")]
    public string? TimeZone { get; set; }

    [Required(ErrorMessage = "Enter a language and region such as en-US.")]
    [Display(Name = "Language (culture)")]
    public string? Culture { get; set; }

    [Required(ErrorMessage = "Enter a date format such as D.")]
    [StringLength(50)]
    [Display(Name = "Date format")]
    public string? DateFormat { get; set; }

    [Display(Name = "New articles take comments")]
    public bool CommentsOpenByDefault { get; set; } = true;
}
