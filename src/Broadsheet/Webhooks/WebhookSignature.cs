using System.Security.Cryptography;
using System.Text;

namespace Broadsheet.Webhooks;

/// <summary>Secrets and signatures as the Standard Webhooks specification defines them.</summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new signing secret: 32 random bytes, base64, after <c>whsec_</c>.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The <c>webhook-signature</c> header: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed
    /// with the secret's bytes (the base64 after the prefix).
    /// </summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>A new <c>webhook-id</c>.</summary>
    public static string NewMessageId() => "msg_" + Guid.NewGuid().ToString("N");
}
