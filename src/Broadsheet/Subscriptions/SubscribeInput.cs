using Broadsheet.Comments;

namespace Broadsheet.Subscriptions;

/// <summary>The subscribe form, as posted. Field names match the form's inputs.</summary>
public sealed class SubscribeInput
{
    public string? Email { get; set; }
    public List<int> Sections { get; set; } = [];
    public Frequency Frequency { get; set; } = Frequency.AsPublished;

    /// <summary>The anti-spam solution (the ALTCHA payload); empty when the page ran no script.</summary>
    public string? Altcha { get; set; }

    /// <summary>The signed confirming step (<see cref="SubscribeStamps"/>), sent back by readers without JavaScript.</summary>
    public string? Stamp { get; set; }

    /// <summary>The honeypot: hidden from people, so only robots fill it in.</summary>
    public string? Trap { get; set; }

    public const string BadEmail = "Please enter your email address, like name@example.com.";
    public const string NoSection = "Please choose at least one section.";
    public const string BadFrequency = "Please choose how often you want to hear from us.";

    public string NormalizedEmail => (Email ?? "").Trim().ToUpperInvariant();

    /// <summary>Field name → message for everything to fix; <paramref name="sectionIds"/> are the sections that exist.</summary>
    public Dictionary<string, string> Validate(IReadOnlyCollection<int> sectionIds)
    {
        Email = Email is null ? null : string.Concat(Email.Where(c => !char.IsControl(c))).Trim();
        Sections = Sections.Where(sectionIds.Contains).Distinct().Order().ToList();
        var errors = new Dictionary<string, string>();
        if (!CommentInput.IsEmail(Email))
        {
            errors[nameof(Email)] = BadEmail;
        }

        if (sectionIds.Count > 0 && Sections.Count == 0)
        {
            errors[nameof(Sections)] = NoSection;
        }

        if (Frequency is not (Frequency.AsPublished or Frequency.Daily or Frequency.Weekly))
        {
            errors[nameof(Frequency)] = BadFrequency;
        }

        return errors;
    }

    public static string Describe(Frequency frequency) => frequency switch
    {
        Frequency.AsPublished => "As they are published",
        Frequency.Daily => "Daily digest",
        Frequency.Weekly => "Weekly digest",
        _ => "Only the discussions you follow",
    };
}
