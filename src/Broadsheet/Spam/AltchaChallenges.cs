using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

public enum AltchaVerdict
{
    Valid,
    Malformed,
    Expired,
    BadSignature,
    WrongSolution,
}

/// <summary>
/// The outcome of checking a payload. A valid one carries the challenge's signature, which the caller stores
/// until <see cref="ExpiresAt"/> to refuse the same solution twice; other verdicts carry nothing.
/// </summary>
public sealed record AltchaResult(AltchaVerdict Verdict, string? ChallengeSignature = null, DateTimeOffset? ExpiresAt = null)
{
    public bool IsValid => Verdict == AltchaVerdict.Valid;
}

/// <summary>
/// Issues and checks ALTCHA proof-of-work challenges in deterministic mode: the server picks the counter,
/// derives the key itself and publishes half of it as the prefix the widget must reach, with an HMAC of the whole
/// key. Checking a solution is then two HMACs and no key derivation, so a flood of bogus submissions costs us little.
/// </summary>
public sealed class AltchaChallenges(AltchaKeys keys, IOptions<SpamOptions> options, TimeProvider time)
{
    /// <summary>The widget derives PBKDF2 keys as AES-GCM keys, so 16, 24 or 32 bytes; the prefix is half of it.</summary>
    public const int KeyLength = 32;

    /// <summary>Far above a real payload (about 700 characters); anything longer is not worth decoding.</summary>
    public const int MaxPayloadLength = 16 * 1024;

    private const int RandomBytes = 16; // nonce and salt, as altcha-lib makes them
    private static readonly long LatestUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static readonly JsonDocumentOptions Strict = new()
    {
        MaxDepth = 16,
        // JSON.parse keeps the last of duplicate keys; refusing them leaves no doubt which one was checked.
        AllowDuplicateProperties = false,
    };

    private readonly SpamOptions settings = Validated(options.Value);

    public AltchaChallenge Create()
    {
        var nonce = RandomNumberGenerator.GetBytes(RandomBytes);
        var salt = RandomNumberGenerator.GetBytes(RandomBytes);
        var counter = (uint)RandomNumberGenerator.GetInt32(settings.CounterMin, settings.CounterMax + 1);
        var key = AltchaProtocol.DeriveKey(settings.Algorithm, nonce, salt, counter, settings.Cost, KeyLength);
        var parameters = new AltchaParameters(
            Algorithm: settings.Algorithm,
            Nonce: Convert.ToHexStringLower(nonce),
            Salt: Convert.ToHexStringLower(salt),
            Cost: settings.Cost,
            KeyLength: KeyLength,
            KeyPrefix: Convert.ToHexStringLower(key.AsSpan(0, KeyLength / 2)),
            KeySignature: AltchaProtocol.HmacHex(keys.KeySecret, key),
            ExpiresAt: (time.GetUtcNow() + settings.ChallengeLifetime).ToUnixTimeSeconds());
        return new AltchaChallenge(parameters, AltchaProtocol.Sign(parameters, keys.ChallengeSecret));
    }

    /// <summary>
    /// Checks the widget's form value, in order: it parses, the challenge has not expired, its signature is ours,
    /// the solution is well formed, and its derived key is the one we signed. Never throws on bad input.
    /// </summary>
    public AltchaResult Verify(string? base64Payload)
    {
        if (string.IsNullOrEmpty(base64Payload) || base64Payload.Length > MaxPayloadLength)
        {
            return new(AltchaVerdict.Malformed);
        }

        var bytes = new byte[base64Payload.Length * 3 / 4];
        if (!Convert.TryFromBase64String(base64Payload, bytes, out var length))
        {
            return new(AltchaVerdict.Malformed);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(0, length), Strict);
        }
        catch (JsonException)
        {
            return new(AltchaVerdict.Malformed);
        }

        using (document)
        {
            return Verify(document.RootElement);
        }
    }

    private AltchaResult Verify(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("challenge", out var challenge) || challenge.ValueKind != JsonValueKind.Object
            || !challenge.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !TryGetString(challenge, "signature", out var signature)
            || !TryGetString(parameters, "keySignature", out var keySignature)
            || !parameters.TryGetProperty("expiresAt", out var expiresAtJson) || expiresAtJson.ValueKind != JsonValueKind.Number
            || !expiresAtJson.TryGetInt64(out var expiresAtSeconds)
            || expiresAtSeconds < 0 || expiresAtSeconds > LatestUnixSeconds
            || !payload.TryGetProperty("solution", out var solution) || solution.ValueKind != JsonValueKind.Object
            || !TryCanonicalJson(parameters, out var signed))
        {
            return new(AltchaVerdict.Malformed);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAtSeconds);
        if (time.GetUtcNow() > expiresAt)
        {
            return new(AltchaVerdict.Expired);
        }

        if (!FixedTimeEquals(AltchaProtocol.HmacHex(keys.ChallengeSecret, signed), signature))
        {
            return new(AltchaVerdict.BadSignature);
        }

        // The counter is not needed to check the key, but a widget always sends one and nothing else is a solution.
        if (!solution.TryGetProperty("counter", out var counter) || counter.ValueKind != JsonValueKind.Number || !counter.TryGetUInt32(out _)
            || !TryGetString(solution, "derivedKey", out var derivedKey) || !IsLowercaseHexBytes(derivedKey))
        {
            return new(AltchaVerdict.Malformed);
        }

        return FixedTimeEquals(AltchaProtocol.HmacHex(keys.KeySecret, Convert.FromHexString(derivedKey)), keySignature)
            ? new(AltchaVerdict.Valid, signature, expiresAt)
            : new(AltchaVerdict.WrongSolution);
    }

    private static bool TryGetString(JsonElement parent, string name, out string value)
    {
        value = "";
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // a lone surrogate escape: no string of ours
        }
    }

    private static bool TryCanonicalJson(JsonElement parameters, out string json)
    {
        try
        {
            json = AltchaProtocol.CanonicalJson(parameters);
            return true;
        }
        catch (InvalidOperationException)
        {
            json = "";
            return false; // a string with a lone surrogate escape somewhere in the parameters
        }
    }

    // The same shape /^(?:[0-9a-f]{2})+$/ the reference verifiers accept: whole bytes, lowercase.
    private static bool IsLowercaseHexBytes(string hex) =>
        hex.Length > 0 && hex.Length % 2 == 0 && hex.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    private static SpamOptions Validated(SpamOptions settings)
    {
        // Also checked at start-up when the validator is registered; here so a misconfigured instance never issues a challenge.
        var result = new SpamOptionsValidator().Validate(null, settings);
        return result.Failed ? throw new OptionsValidationException(SpamOptions.SectionName, typeof(SpamOptions), result.Failures) : settings;
    }
}
