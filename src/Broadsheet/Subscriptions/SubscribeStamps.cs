using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Signs the confirming step shown to a reader without JavaScript: the address it is for and when it was shown.
/// A robot that posts the first form gets a second one it must send back, unchanged and not at once.
/// </summary>
public sealed class SubscribeStamps(IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector protector = protection.CreateProtector("Broadsheet.Subscriptions.FormStamp");

    /// <summary>Long enough to find the tab again, short enough that a stamp cannot be kept and replayed for long.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public string Issue(string normalizedEmail) => protector.Protect(
        string.Create(CultureInfo.InvariantCulture, $"{normalizedEmail}|{time.GetUtcNow().ToUnixTimeMilliseconds()}"));

    /// <summary>How long ago the step was shown for this address; null when the stamp is missing, forged, for another address or too old.</summary>
    public TimeSpan? Age(string? stamp, string normalizedEmail)
    {
        if (string.IsNullOrEmpty(stamp) || stamp.Length > 2000)
        {
            return null;
        }

        try
        {
            var text = protector.Unprotect(stamp);
            var bar = text.LastIndexOf('|');
            if (bar < 0 || text[..bar] != normalizedEmail || !long.TryParse(text[(bar + 1)..], CultureInfo.InvariantCulture, out var ms))
            {
                return null;
            }

            var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return age >= TimeSpan.Zero && age <= Lifetime ? age : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
