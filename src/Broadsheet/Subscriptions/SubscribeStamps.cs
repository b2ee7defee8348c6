using Broadsheet.Spam;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Signs the confirming step shown to a reader without JavaScript: the address it is for and when it was shown.
/// A robot that posts the first form gets a second one it must send back, unchanged and not at once.
/// </summary>
public sealed class SubscribeStamps(IDataProtectionProvider protection, TimeProvider time)
    : SignedStamps(protection, time, "Broadsheet.Subscriptions.FormStamp", Lifetime)
{
    /// <summary>Long enough to find the tab again, short enough that a stamp cannot be kept and replayed for long.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public string Issue(string normalizedEmail) => IssueFor(normalizedEmail);

    /// <summary>How long ago the step was shown for this address; null when the stamp is missing, forged, for another address or too old.</summary>
    public TimeSpan? Age(string? stamp, string normalizedEmail) => AgeFor(stamp, normalizedEmail);
}
