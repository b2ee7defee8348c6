using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

/// <summary>Anti-spam settings (<c>Broadsheet:Spam</c>): the ALTCHA proof-of-work readers solve before commenting.</summary>
public sealed class SpamOptions
{
    public const string SectionName = "Broadsheet:Spam";

    /// <summary>
    /// The key derivation the reader's browser runs: <c>PBKDF2/SHA-256</c> (default), <c>PBKDF2/SHA-384</c> or
    /// <c>PBKDF2/SHA-512</c>. Spelled exactly so: the widget looks it up as is.
    /// </summary>
    public string Algorithm { get; set; } = AltchaProtocol.DefaultAlgorithm;

    /// <summary>
    /// PBKDF2 iterations (or hash rounds) per counter the browser tries. The reader's work is about
    /// counter × cost; a phone's WebCrypto manages roughly 0.5–2 million PBKDF2-SHA-256 iterations a second
    /// per core. 1000 keeps issuing a challenge cheap for us (the server derives one key per challenge,
    /// about half a millisecond) while each browser call still does enough work that its overhead stays small.
    /// </summary>
    public int Cost { get; set; } = 1000;

    /// <summary>
    /// The lowest counter the server picks (inclusive). The widget always counts up from 0, so a reader's
    /// work is the counter itself; a bot that knows this range starts here, so only
    /// <see cref="CounterMax"/> − <see cref="CounterMin"/> is work nobody can skip.
    /// </summary>
    public int CounterMin { get; set; } = 1000;

    /// <summary>
    /// The highest counter the server picks (inclusive). With the defaults a reader derives 3,500 keys on
    /// average (3.5 million iterations: about 1–2 s on a modest phone with four workers, well under a second on
    /// a laptop), and a bot that skips to <see cref="CounterMin"/> still derives 2,500 (over a second of a server core).
    /// </summary>
    public int CounterMax { get; set; } = 6000;

    /// <summary>How long a challenge may be solved and submitted: long enough to write a comment after solving.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// HMAC secret that signs challenges (at least 32 characters). Unset, a random one is generated once
    /// into <c>{DataDir}/keys/altcha-challenge.key</c>. Several nodes behind one address need the same secret.
    /// </summary>
    public string? ChallengeSecret { get; set; }

    /// <summary>
    /// HMAC secret that signs the expected derived key (at least 32 characters). Unset, a random one is
    /// generated once into <c>{DataDir}/keys/altcha-key.key</c>.
    /// </summary>
    public string? KeySecret { get; set; }
}

/// <summary>Rejects settings that would issue challenges the widget cannot solve, or that anyone could forge.</summary>
public sealed class SpamOptionsValidator : IValidateOptions<SpamOptions>
{
    /// <summary>Shorter configured secrets are refused: they could be guessed and challenges forged.</summary>
    public const int MinimumSecretLength = 32;

    // Bounds that keep a misplaced zero from freezing readers' browsers or the challenge endpoint.
    private const int MaximumCost = 1_000_000;
    private const int MaximumCounter = 100_000_000;

    public ValidateOptionsResult Validate(string? name, SpamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        // The server verifies every algorithm of the protocol, but the page's own solver (wwwroot/js/altcha-worker.js)
        // derives keys with PBKDF2 only, so only those may be issued.
        if (!AltchaProtocol.IsSupportedAlgorithm(options.Algorithm) || !options.Algorithm.StartsWith("PBKDF2/", StringComparison.Ordinal))
        {
            problems.Add($"{SpamOptions.SectionName}:Algorithm must be one of {string.Join(", ", AltchaProtocol.Algorithms.Where(a => a.StartsWith("PBKDF2/", StringComparison.Ordinal)))}.");
        }

        if (options.Cost is < 1 or > MaximumCost)
        {
            problems.Add($"{SpamOptions.SectionName}:Cost must be between 1 and {MaximumCost}.");
        }

        if (options.CounterMin < 0 || options.CounterMax > MaximumCounter || options.CounterMin >= options.CounterMax)
        {
            problems.Add($"{SpamOptions.SectionName}:CounterMin and CounterMax must satisfy 0 <= CounterMin < CounterMax <= {MaximumCounter}.");
        }

        if (options.ChallengeLifetime < TimeSpan.FromSeconds(30) || options.ChallengeLifetime > TimeSpan.FromDays(1))
        {
            problems.Add($"{SpamOptions.SectionName}:ChallengeLifetime must be between 00:00:30 and 1.00:00:00.");
        }

        foreach (var (key, secret) in new[] { ("ChallengeSecret", options.ChallengeSecret), ("KeySecret", options.KeySecret) })
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length < MinimumSecretLength)
            {
                problems.Add($"{SpamOptions.SectionName}:{key} must be at least {MinimumSecretLength} characters, or unset to generate one.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
