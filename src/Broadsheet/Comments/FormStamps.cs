using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Comments;

/// <summary>Signs the time a comment form was shown, so the server can tell a robot's instant post from a person's.</summary>
public sealed class FormStamps(IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector protector = protection.CreateProtector("Broadsheet.Comments.FormStamp");

    public string Issue() => protector.Protect(time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>How long ago the form was shown; null when the stamp is missing, forged or from another site.</summary>
    public TimeSpan? Age(string? stamp)
    {
        if (string.IsNullOrEmpty(stamp))
        {
            return null;
        }

        try
        {
            var issued = long.Parse(protector.Unprotect(stamp), CultureInfo.InvariantCulture);
            return time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issued);
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
