using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Spam;

/// <summary>
/// A signed record of when a form was shown and what it was for (an article, an address), so the server can
/// tell a robot's instant or replayed post from a person's. Each kind of form has its own purpose and lifetime.
/// </summary>
public abstract class SignedStamps(IDataProtectionProvider protection, TimeProvider time, string purpose, TimeSpan lifetime)
{
    private readonly IDataProtector protector = protection.CreateProtector(purpose);

    protected string IssueFor(string subject) => protector.Protect(
        string.Create(CultureInfo.InvariantCulture, $"{subject}|{time.GetUtcNow().ToUnixTimeMilliseconds()}"));

    /// <summary>How long ago the form for <paramref name="subject"/> was shown; null when the stamp is missing, forged, for another subject or too old.</summary>
    protected TimeSpan? AgeFor(string? stamp, string subject)
    {
        if (string.IsNullOrEmpty(stamp) || stamp.Length > 2000)
        {
            return null;
        }

        try
        {
            var text = protector.Unprotect(stamp);
            var bar = text.LastIndexOf('|');
            if (bar < 0 || text[..bar] != subject || !long.TryParse(text[(bar + 1)..], CultureInfo.InvariantCulture, out var ms))
            {
                return null;
            }

            var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return age >= TimeSpan.Zero && age <= lifetime ? age : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
