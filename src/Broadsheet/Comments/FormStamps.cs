using System.Globalization;
using Broadsheet.Spam;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Comments;

/// <summary>Signs the time a comment form was shown, so the server can tell a robot's instant post from a person's.</summary>
public sealed class FormStamps(IDataProtectionProvider protection, TimeProvider time)
    : SignedStamps(protection, time, "Broadsheet.Comments.FormStamp", Lifetime)
{
    /// <summary>A stamp is good for a day: long enough to write anything, too short to reuse one for ever.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public string Issue(int articleId) => IssueFor(articleId.ToString(CultureInfo.InvariantCulture));

    /// <summary>How long ago the form for this article was shown; null when the stamp is missing, forged, for another article or older than <see cref="Lifetime"/>.</summary>
    public TimeSpan? Age(string? stamp, int articleId) => AgeFor(stamp, articleId.ToString(CultureInfo.InvariantCulture));
}
