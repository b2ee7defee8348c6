using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Comments;

/// <summary>Signs the time a comment form was shown, so the server can tell a robot's instant post from a person's.</summary>
public sealed class FormStamps(IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector protector = protection.CreateProtector("Broadsheet.Comments.FormStamp");

    /// <summary>A stamp is good for a day: long enough to write anything, too short to reuse one for ever.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public string Issue(int articleId) => protector.Protect(
        string.Create(CultureInfo.InvariantCulture, $"{articleId}|{time.GetUtcNow().ToUnixTimeMilliseconds()}"));

    /// <summary>
    /// How long ago the form for this article was shown; null when the stamp is missing, forged, for
    /// another article or older than <see cref="Lifetime"/>.
    /// </summary>
    public TimeSpan? Age(string? stamp, int articleId)
    {
        if (string.IsNullOrEmpty(stamp))
        {
            return null;
        }

        try
        {
            var parts = protector.Unprotect(stamp).Split('|');
            if (parts.Length != 2 || parts[0] != articleId.ToString(CultureInfo.InvariantCulture))
            {
                return null;
            }

            var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1], CultureInfo.InvariantCulture));
            return age <= Lifetime ? age : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
