using System.Net.Mail;

namespace Broadsheet.Comments;

/// <summary>The comment form, as posted. Field names match the form's inputs.</summary>
public sealed class CommentInput
{
    public int ArticleId { get; set; }
    public int? ParentId { get; set; }
    public string? Comment { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public bool Remember { get; set; }

    /// <summary>"Notify me of follow-up comments by email."</summary>
    public bool FollowComments { get; set; }

    /// <summary>"Notify me of new replies to my comment."</summary>
    public bool FollowReplies { get; set; }

    /// <summary>The anti-spam solution (the ALTCHA payload); empty when the page ran no script.</summary>
    public string? Altcha { get; set; }

    /// <summary>When the form was shown, signed by the server (<see cref="FormStamps"/>).</summary>
    public string? Stamp { get; set; }

    /// <summary>The honeypot: hidden from people, so only robots fill it in (a name no autofill knows).</summary>
    public string? Trap { get; set; }

    public const string EmptyComment = "Please enter your comment!";
    public const string EmptyName = "Please enter your name here";
    public const string BadEmail = "You have entered an incorrect email address!";
    public const string BadWebsite = "Please enter a website address starting with http:// or https://, or leave it empty.";
    public const string Duplicate = "Duplicate comment detected; it looks as though you've already said that!";
    public const string Expired = "The verification period has expired. Please reload the page.";

    public static string TooLong(int max) => $"Your comment is too long: please keep it under {max:N0} characters.";

    /// <summary>
    /// Line breaks as one character (browsers send CRLF; the script counts LF) and no control characters,
    /// which no one types and a database may refuse (PostgreSQL cannot store NUL).
    /// </summary>
    public void Normalize()
    {
        Comment = Clean(Comment, keepLines: true);
        Name = Clean(Name, keepLines: false);
        Email = Clean(Email, keepLines: false);
        Website = Clean(Website, keepLines: false);
    }

    private static string? Clean(string? value, bool keepLines)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (!keepLines)
        {
            // A one-line field: a pasted line break or tab becomes a space, as an input element would show it.
            text = text.Replace('\n', ' ').Replace('\t', ' ');
        }

        return string.Concat(text.Where(c => !char.IsControl(c) || c == '\t' || (keepLines && c == '\n')));
    }

    /// <summary>Field name → message for everything that must be fixed before the comment can be posted.</summary>
    public Dictionary<string, string> Validate(int maxLength)
    {
        Normalize();
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Comment))
        {
            errors[nameof(Comment)] = EmptyComment;
        }
        else if (Comment.Length > maxLength)
        {
            errors[nameof(Comment)] = TooLong(maxLength);
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            errors[nameof(Name)] = EmptyName;
        }
        else if (Name.Trim().Length > 100)
        {
            errors[nameof(Name)] = "Please keep your name under 100 characters.";
        }

        if (!IsEmail(Email))
        {
            errors[nameof(Email)] = BadEmail;
        }

        if (!string.IsNullOrWhiteSpace(Website) && (WebsiteUri(Website) is null || Website.Trim().Length > 300))
        {
            errors[nameof(Website)] = BadWebsite;
        }

        return errors;
    }

    public static bool IsEmail(string? email)
    {
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 254 || trimmed.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        // MailAddress also accepts display names ("Ann <a@b.c>"); only a bare address with a dotted domain will do.
        return MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed
            && address.Host.Contains('.', StringComparison.Ordinal) && !address.Host.EndsWith('.');
    }

    public static Uri? WebsiteUri(string? website) =>
        Uri.TryCreate(website?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host)
            ? uri
            : null;
}
