namespace Broadsheet.Media;

/// <summary>
/// The limits on an image's alt text, caption and credit, the same as an article's copies of them (so a copy
/// never has to be cut), with the messages the article editor gives.
/// </summary>
public static class MediaText
{
    public const int MaxAlt = 500;
    public const int MaxCaption = 1000;
    public const int MaxCredit = 300;

    /// <summary>What is wrong with the texts, by field name (Alt, Caption, Credit); empty when nothing is.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(string? alt, string? caption, string? credit)
    {
        if (alt?.Trim().Length > MaxAlt)
        {
            yield return ("Alt", $"Keep the alt text under {MaxAlt} characters.");
        }

        if (caption?.Trim().Length > MaxCaption)
        {
            yield return ("Caption", $"Keep the caption under 1,000 characters.");
        }

        if (credit?.Trim().Length > MaxCredit)
        {
            yield return ("Credit", $"Keep the credit under {MaxCredit} characters.");
        }
    }

    /// <summary>The text as kept: trimmed, and null when there is none.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
