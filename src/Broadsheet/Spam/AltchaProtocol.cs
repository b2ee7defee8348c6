using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Broadsheet.Spam;

/// <summary>
/// The parameters of an ALTCHA proof-of-work v2 challenge, as the widget receives them. Nonce, salt, key
/// prefix and key signature are lowercase hex; <see cref="ExpiresAt"/> is in Unix seconds.
/// </summary>
public sealed record AltchaParameters(
    string Algorithm,
    string Nonce,
    string Salt,
    int Cost,
    int KeyLength,
    string KeyPrefix,
    string? KeySignature = null,
    long? ExpiresAt = null,
    IReadOnlyDictionary<string, string>? Data = null)
{
    /// <summary>The parameters as a JSON object; unset optional values are left out, as JavaScript drops <c>undefined</c>.</summary>
    public JsonElement ToJsonElement()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("algorithm", Algorithm);
            json.WriteString("nonce", Nonce);
            json.WriteString("salt", Salt);
            json.WriteNumber("cost", Cost);
            json.WriteNumber("keyLength", KeyLength);
            json.WriteString("keyPrefix", KeyPrefix);
            if (KeySignature is not null)
            {
                json.WriteString("keySignature", KeySignature);
            }

            if (ExpiresAt is { } expiresAt)
            {
                json.WriteNumber("expiresAt", expiresAt);
            }

            if (Data is not null)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in Data)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}

/// <summary>A signed challenge: what the challenge endpoint sends and the widget sends back inside its payload.</summary>
public sealed record AltchaChallenge(AltchaParameters Parameters, string Signature)
{
    /// <summary>The wire JSON: <c>{"parameters":{…},"signature":"…"}</c>, the parameters in canonical (sorted) form.</summary>
    public string ToJson() =>
        $"{{\"parameters\":{AltchaProtocol.CanonicalJson(Parameters)},\"signature\":{AltchaProtocol.JsonString(Signature)}}}";
}

/// <summary>
/// The ALTCHA proof-of-work v2 protocol (the one the <c>altcha</c> widget 3.x solves), as pure functions,
/// byte-compatible with altcha-lib (JS) v2 and the widget.
/// </summary>
public static class AltchaProtocol
{
    public const string DefaultAlgorithm = "PBKDF2/SHA-256";

    /// <summary>The algorithms the widget solves natively with WebCrypto, spelled as it looks them up.</summary>
    public static IReadOnlyList<string> Algorithms { get; } =
        ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512", "SHA-256", "SHA-384", "SHA-512"];

    public static bool IsSupportedAlgorithm(string? algorithm) => algorithm is not null && Algorithms.Contains(algorithm);

    /// <summary>
    /// Derives the key for one counter. The password is the nonce bytes followed by the counter as a big-endian
    /// uint32; nonce and salt are the hex-decoded bytes, not their text. PBKDF2 runs <paramref name="cost"/> iterations.
    /// The SHA algorithms hash salt ‖ password, then re-hash max(1, cost) rounds in all, cutting every round's
    /// digest to <paramref name="keyLength"/> bytes as the widget does (altcha-lib on Node cuts only the last;
    /// the two agree whenever keyLength is the digest size, as with SHA-256 and 32).
    /// </summary>
    public static byte[] DeriveKey(string algorithm, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> salt, uint counter, int cost, int keyLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keyLength, 1);
        var password = new byte[nonce.Length + sizeof(uint)];
        nonce.CopyTo(password);
        BinaryPrimitives.WriteUInt32BigEndian(password.AsSpan(nonce.Length), counter);
        return algorithm switch
        {
            "PBKDF2/SHA-256" => Rfc2898DeriveBytes.Pbkdf2(password, salt, cost, HashAlgorithmName.SHA256, keyLength),
            "PBKDF2/SHA-384" => Rfc2898DeriveBytes.Pbkdf2(password, salt, cost, HashAlgorithmName.SHA384, keyLength),
            "PBKDF2/SHA-512" => Rfc2898DeriveBytes.Pbkdf2(password, salt, cost, HashAlgorithmName.SHA512, keyLength),
            "SHA-256" => HashChain(SHA256.HashData, salt, password, cost, keyLength),
            "SHA-384" => HashChain(SHA384.HashData, salt, password, cost, keyLength),
            "SHA-512" => HashChain(SHA512.HashData, salt, password, cost, keyLength),
            _ => throw new ArgumentException($"Unsupported ALTCHA algorithm \"{algorithm}\".", nameof(algorithm)),
        };
    }

    private static byte[] HashChain(Func<byte[], byte[]> hash, ReadOnlySpan<byte> salt, byte[] password, int cost, int keyLength)
    {
        byte[] data = [.. salt, .. password];
        for (var round = 0; round < Math.Max(1, cost); round++)
        {
            var digest = hash(data);
            data = digest.Length > keyLength ? digest[..keyLength] : digest;
        }

        return data;
    }

    /// <summary>Lowercase hex HMAC-SHA256; every ALTCHA signature is one.</summary>
    public static string HmacHex(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, message));

    /// <summary>HMAC-SHA256 of the message's UTF-8 bytes, as altcha-lib signs strings.</summary>
    public static string HmacHex(ReadOnlySpan<byte> key, string message) => HmacHex(key, Encoding.UTF8.GetBytes(message));

    /// <summary>The challenge signature: HMAC of the canonical JSON of all parameters, <c>keySignature</c> included.</summary>
    public static string Sign(AltchaParameters parameters, ReadOnlySpan<byte> secret) => HmacHex(secret, CanonicalJson(parameters));

    public static string CanonicalJson(AltchaParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CanonicalJson(parameters.ToJsonElement());
    }

    /// <summary>
    /// The text altcha-lib signs, <c>JSON.stringify(sortKeys(value))</c>: compact; object keys sorted by UTF-16 code
    /// units, recursively but not inside arrays (sortKeys stops at arrays); yet as in any JavaScript object, keys
    /// that are array indices ("0", "10") come first in numeric order; numbers and strings written as
    /// JavaScript writes them. Strings holding lone surrogates cannot be read and throw <see cref="InvalidOperationException"/>.
    /// </summary>
    public static string CanonicalJson(JsonElement value)
    {
        var json = new StringBuilder(512);
        WriteCanonical(json, value, sortKeys: true);
        return json.ToString();
    }

    private static void WriteCanonical(StringBuilder json, JsonElement value, bool sortKeys)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = value.EnumerateObject()
                    .OrderBy(static p => ArrayIndex(p.Name) ?? uint.MaxValue); // stable: other keys keep their order
                if (sortKeys)
                {
                    properties = properties.ThenBy(static p => p.Name, StringComparer.Ordinal);
                }

                json.Append('{');
                var first = true;
                foreach (var property in properties)
                {
                    json.Append(first ? "" : ",").Append(JsonString(property.Name)).Append(':');
                    WriteCanonical(json, property.Value, sortKeys);
                    first = false;
                }

                json.Append('}');
                break;
            case JsonValueKind.Array:
                json.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    json.Append(index++ == 0 ? "" : ",");
                    WriteCanonical(json, item, sortKeys: false);
                }

                json.Append(']');
                break;
            case JsonValueKind.String:
                json.Append(JsonString(value.GetString()!));
                break;
            case JsonValueKind.Number:
                // JSON.parse reads every number as a double, so 1.0, 1e0 and 1 are all signed as 1.
                json.Append(JsNumber(double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.True:
                json.Append("true");
                break;
            case JsonValueKind.False:
                json.Append("false");
                break;
            default:
                json.Append("null");
                break;
        }
    }

    // A JavaScript array index: a canonical decimal below 2^32 - 1 (so uint.MaxValue itself sorts as an ordinary key).
    private static uint? ArrayIndex(string key) =>
        key.Length is > 0 and <= 10 && (key == "0" || key[0] != '0') && key.All(char.IsAsciiDigit)
            && uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index != uint.MaxValue
            ? index
            : null;

    /// <summary>A JSON string literal escaped exactly as <c>JSON.stringify</c> escapes it (only quotes, backslashes and controls).</summary>
    internal static string JsonString(string value)
    {
        var json = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                '\b' => json.Append("\\b"),
                '\f' => json.Append("\\f"),
                '\n' => json.Append("\\n"),
                '\r' => json.Append("\\r"),
                '\t' => json.Append("\\t"),
                < ' ' => json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        return json.Append('"').ToString();
    }

    /// <summary>A number as JavaScript's <c>Number.prototype.toString</c> writes it (what <c>JSON.stringify</c> uses).</summary>
    internal static string JsNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            return "null";
        }

        if (value == 0)
        {
            return "0";
        }

        // .NET's "R" gives the same shortest round-trip digits as JavaScript; only the layout differs.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? text : text[..e];
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var n = (point < 0 ? mantissa.Length : point) + exponent; // the decimal point sits after n digits
        var trimmed = digits.TrimStart('0');
        n -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        var k = digits.Length;

        var body = n switch
        {
            _ when k <= n && n <= 21 => digits + new string('0', n - k),
            > 0 and <= 21 => $"{digits[..n]}.{digits[n..]}",
            > -6 and <= 0 => $"0.{new string('0', -n)}{digits}",
            _ => $"{digits[0]}{(k > 1 ? "." + digits[1..] : "")}e{(n - 1 < 0 ? "-" : "+")}{Math.Abs(n - 1)}",
        };
        return value < 0 ? "-" + body : body;
    }
}
