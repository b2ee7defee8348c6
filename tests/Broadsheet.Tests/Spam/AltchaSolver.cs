using System.Globalization;
using System.Text;
using Broadsheet.Spam;

namespace Broadsheet.Tests.Spam;

/// <summary>What the widget found: the counter, the derived key as lowercase hex, and how long it took in milliseconds.</summary>
public sealed record AltchaSolution(uint Counter, string DerivedKey, double? Time = null);

/// <summary>The widget's side of the protocol, for tests: solving a challenge and encoding the form field.</summary>
internal static class AltchaSolver
{
    /// <summary>
    /// Solves a challenge the way the widget does (counting up from 0 until the key matches the prefix), as a
    /// reader's browser would. Null when no counter up to <paramref name="maxCounter"/> matches.
    /// </summary>
    public static AltchaSolution? Solve(AltchaChallenge challenge, uint maxCounter)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var p = challenge.Parameters;
        var nonce = Convert.FromHexString(p.Nonce);
        var salt = Convert.FromHexString(p.Salt);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (long counter = 0; counter <= maxCounter; counter++)
        {
            var key = AltchaProtocol.DeriveKey(p.Algorithm, nonce, salt, (uint)counter, p.Cost, p.KeyLength);
            if (MatchesKeyPrefix(key, p.KeyPrefix))
            {
                var time = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
                return new AltchaSolution((uint)counter, Convert.ToHexStringLower(key), time);
            }
        }

        return null;
    }

    /// <summary>The form field value the widget submits: base64 of <c>{"challenge":{"parameters","signature"},"solution":{"counter","derivedKey","time"}}</c>.</summary>
    public static string EncodePayload(AltchaChallenge challenge, AltchaSolution solution)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(solution);
        var json = new StringBuilder(1024);
        json.Append("{\"challenge\":").Append(challenge.ToJson())
            .Append(",\"solution\":{\"counter\":").Append(solution.Counter.ToString(CultureInfo.InvariantCulture))
            .Append(",\"derivedKey\":").Append(AltchaProtocol.JsonString(solution.DerivedKey));
        if (solution.Time is { } time)
        {
            json.Append(",\"time\":").Append(AltchaProtocol.JsNumber(time));
        }

        json.Append("}}");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToString()));
    }

    /// <summary>
    /// Whether a derived key starts with the prefix, by the solvers' rule: an even-length prefix is hex-decoded and
    /// compared byte by byte (so case does not matter); an odd-length one is compared as text with the key's
    /// lowercase hex. The server's own prefixes are whole bytes, so always the first kind.
    /// </summary>
    public static bool MatchesKeyPrefix(ReadOnlySpan<byte> derivedKey, string keyPrefix)
    {
        if (keyPrefix.Length % 2 == 1)
        {
            return Convert.ToHexStringLower(derivedKey).StartsWith(keyPrefix, StringComparison.Ordinal);
        }

        var prefix = new byte[keyPrefix.Length / 2];
        return Convert.FromHexString(keyPrefix, prefix, out _, out _) == System.Buffers.OperationStatus.Done
            && derivedKey.StartsWith(prefix);
    }
}
