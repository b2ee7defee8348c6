using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broadsheet.Spam;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Broadsheet.Tests.Spam;

public sealed class AltchaChallengesTests : IDisposable
{
    // Cheap settings so a test solves a challenge in milliseconds; the protocol is the same at any cost.
    private const int TestCounterMax = 40;
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);

    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-altcha-").FullName;
    private readonly FakeTimeProvider time = new(Now);

    public void Dispose() => Directory.Delete(dataDir, recursive: true);

    private static SpamOptions Settings(string algorithm = AltchaProtocol.DefaultAlgorithm) => new()
    {
        Algorithm = algorithm,
        Cost = 10,
        CounterMin = 0,
        CounterMax = TestCounterMax,
    };

    private AltchaChallenges Challenges(SpamOptions? settings = null)
    {
        var options = Options.Create(settings ?? Settings());
        return new AltchaChallenges(new AltchaKeys(options, dataDir), options, time);
    }

    private static AltchaSolution Solve(AltchaChallenge challenge) =>
        AltchaSolver.Solve(challenge, TestCounterMax) ?? throw new InvalidOperationException("No solution in the counter range.");

    private static string Solved(AltchaChallenge challenge) => AltchaSolver.EncodePayload(challenge, Solve(challenge));

    /// <summary>A payload whose challenge JSON was edited after signing, as a cheat would edit it.</summary>
    private static string Edited(AltchaChallenge challenge, AltchaSolution solution, Action<JsonObject> edit)
    {
        var payload = JsonNode.Parse(Convert.FromBase64String(AltchaSolver.EncodePayload(challenge, solution)))!.AsObject();
        edit(payload);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString()));
    }

    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("PBKDF2/SHA-256")]
    [InlineData("PBKDF2/SHA-512")]
    [InlineData("PBKDF2/SHA-384")]
    public void A_solved_challenge_is_valid_and_names_its_signature_and_expiry(string algorithm)
    {
        var challenges = Challenges(Settings(algorithm));
        var challenge = challenges.Create();

        var result = challenges.Verify(Solved(challenge));

        Assert.Equal(AltchaVerdict.Valid, result.Verdict);
        Assert.Equal(challenge.Signature, result.ChallengeSignature);
        Assert.Equal(Now.AddMinutes(20), result.ExpiresAt);
    }

    [Fact]
    public void Challenge_json_has_exactly_the_fields_the_widget_expects()
    {
        var challenge = Challenges().Create();

        using var json = JsonDocument.Parse(challenge.ToJson());
        var parameters = json.RootElement.GetProperty("parameters");

        Assert.Equal(new[] { "parameters", "signature" }, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            new[] { "algorithm", "cost", "expiresAt", "keyLength", "keyPrefix", "keySignature", "nonce", "salt" },
            parameters.EnumerateObject().Select(p => p.Name));
        Assert.Equal("PBKDF2/SHA-256", parameters.GetProperty("algorithm").GetString());
        Assert.Equal(10, parameters.GetProperty("cost").GetInt32());
        Assert.Equal(32, parameters.GetProperty("keyLength").GetInt32());
        Assert.Equal(Now.AddMinutes(20).ToUnixTimeSeconds(), parameters.GetProperty("expiresAt").GetInt64());
        Assert.Matches("^[0-9a-f]{32}$", parameters.GetProperty("nonce").GetString());
        Assert.Matches("^[0-9a-f]{32}$", parameters.GetProperty("salt").GetString());
        Assert.Matches("^[0-9a-f]{32}$", parameters.GetProperty("keyPrefix").GetString()); // half the 32-byte key
        Assert.Matches("^[0-9a-f]{64}$", parameters.GetProperty("keySignature").GetString());
        Assert.Matches("^[0-9a-f]{64}$", json.RootElement.GetProperty("signature").GetString());
    }

    [Fact]
    public void Each_challenge_is_new()
    {
        var challenges = Challenges();

        Assert.NotEqual(challenges.Create().Parameters.Nonce, challenges.Create().Parameters.Nonce);
    }

    [Fact]
    public void A_changed_derived_key_is_a_wrong_solution()
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var solution = Solve(challenge);
        var changed = solution with { DerivedKey = solution.DerivedKey[..^1] + (solution.DerivedKey[^1] == '0' ? '1' : '0') };

        Assert.Equal(AltchaVerdict.WrongSolution, challenges.Verify(AltchaSolver.EncodePayload(challenge, changed)).Verdict);
    }

    [Fact]
    public void The_prefix_alone_is_a_wrong_solution()
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var spoofed = new AltchaSolution(5, challenge.Parameters.KeyPrefix);

        Assert.Equal(AltchaVerdict.WrongSolution, challenges.Verify(AltchaSolver.EncodePayload(challenge, spoofed)).Verdict);
    }

    [Fact]
    public void Another_counter_with_its_own_key_is_a_wrong_solution()
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var p = challenge.Parameters;
        var counter = Solve(challenge).Counter + 1;
        var key = AltchaProtocol.DeriveKey(p.Algorithm, Convert.FromHexString(p.Nonce), Convert.FromHexString(p.Salt), counter, p.Cost, p.KeyLength);

        var result = challenges.Verify(AltchaSolver.EncodePayload(challenge, new AltchaSolution(counter, Convert.ToHexStringLower(key))));

        Assert.Equal(AltchaVerdict.WrongSolution, result.Verdict);
    }

    [Theory]
    [InlineData("cost", "1")]
    [InlineData("cost", "10.5")]
    [InlineData("keyPrefix", "\"00\"")]
    [InlineData("nonce", "\"00000000000000000000000000000000\"")]
    [InlineData("keySignature", "\"0000000000000000000000000000000000000000000000000000000000000000\"")]
    [InlineData("expiresAt", "1999999999")]
    [InlineData("data", "{\"article\":\"added\"}")]
    public void A_changed_parameter_breaks_the_signature(string name, string json)
    {
        var challenges = Challenges();
        var challenge = challenges.Create();

        var payload = Edited(challenge, Solve(challenge), p => p["challenge"]!["parameters"]![name] = JsonNode.Parse(json));

        Assert.Equal(AltchaVerdict.BadSignature, challenges.Verify(payload).Verdict);
    }

    [Fact]
    public void Reordered_parameters_keep_their_signature()
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var payload = Edited(challenge, Solve(challenge), p =>
        {
            var parameters = p["challenge"]!["parameters"]!.AsObject();
            var reversed = new JsonObject(parameters.Reverse().Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
            p["challenge"]!["parameters"] = reversed;
        });

        Assert.Equal(AltchaVerdict.Valid, challenges.Verify(payload).Verdict);
    }

    [Theory]
    [InlineData("10.0")]
    [InlineData("1e1")]
    public void A_number_written_differently_keeps_its_signature_as_javascript_reads_it_the_same(string cost)
    {
        var challenges = Challenges();
        var challenge = challenges.Create();

        var payload = Edited(challenge, Solve(challenge), p => p["challenge"]!["parameters"]!["cost"] = JsonNode.Parse(cost));

        Assert.Equal(AltchaVerdict.Valid, challenges.Verify(payload).Verdict);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    [InlineData("upper")]
    public void A_changed_signature_is_bad(string signature)
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var changed = signature == "upper" ? challenge.Signature.ToUpperInvariant() : signature;

        Assert.Equal(AltchaVerdict.BadSignature, challenges.Verify(Solved(challenge with { Signature = changed })).Verdict);
    }

    [Fact]
    public void A_challenge_signed_with_another_secret_is_bad()
    {
        var otherOptions = Options.Create(Settings());
        otherOptions.Value.ChallengeSecret = new string('x', 32);
        var forger = new AltchaChallenges(new AltchaKeys(otherOptions, dataDir), otherOptions, time);

        Assert.Equal(AltchaVerdict.BadSignature, Challenges().Verify(Solved(forger.Create())).Verdict);
    }

    [Fact]
    public void A_challenge_is_accepted_until_its_expiry_second_and_expired_after()
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var payload = Solved(challenge);

        time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(AltchaVerdict.Valid, challenges.Verify(payload).Verdict);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AltchaVerdict.Expired, challenges.Verify(payload).Verdict);
    }

    [Fact]
    public void Expiry_is_reported_before_the_signature_is_checked()
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var payload = Solved(challenge with { Signature = "forged" });

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(AltchaVerdict.Expired, challenges.Verify(payload).Verdict);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("W10=")] // []
    [InlineData("e30=")] // {}
    [InlineData("bnVsbA==")] // null
    [InlineData("eyJjaGFsbGVuZ2UiOm51bGwsInNvbHV0aW9uIjpudWxsLCJ0ZXN0Ijp0cnVlfQ==")] // the widget's test mode
    [InlineData("eyJjaGFsbGVuZ2UiOnsicGFyYW1ldGVycyI6W10sInNpZ25hdHVyZSI6IngifSwic29sdXRpb24iOnt9fQ==")] // parameters: []
    public void Garbage_is_malformed(string? payload) =>
        Assert.Equal(AltchaVerdict.Malformed, Challenges().Verify(payload).Verdict);

    [Theory]
    [InlineData("""{"counter":"5","derivedKey":"00"}""")]
    [InlineData("""{"counter":-1,"derivedKey":"00"}""")]
    [InlineData("""{"counter":4294967296,"derivedKey":"00"}""")]
    [InlineData("""{"counter":1e300,"derivedKey":"00"}""")]
    [InlineData("""{"counter":1.5,"derivedKey":"00"}""")]
    [InlineData("""{"derivedKey":"00"}""")]
    [InlineData("""{"counter":1,"derivedKey":null}""")]
    [InlineData("""{"counter":1,"derivedKey":""}""")]
    [InlineData("""{"counter":1,"derivedKey":"abc"}""")]
    [InlineData("""{"counter":1,"derivedKey":"ABCD"}""")]
    [InlineData("""{"counter":1,"derivedKey":"zz"}""")]
    [InlineData("""[1]""")]
    public void A_solution_of_the_wrong_shape_is_malformed(string solution)
    {
        var challenges = Challenges();
        var challenge = challenges.Create();

        var payload = Edited(challenge, Solve(challenge), p => p["solution"] = JsonNode.Parse(solution));

        Assert.Equal(AltchaVerdict.Malformed, challenges.Verify(payload).Verdict);
    }

    [Theory]
    [InlineData("expiresAt", "\"1777000000\"")]
    [InlineData("expiresAt", "1e300")]
    [InlineData("expiresAt", "-1")]
    [InlineData("expiresAt", "99999999999999")]
    [InlineData("expiresAt", "null")]
    [InlineData("keySignature", "5")]
    [InlineData("keySignature", "null")]
    public void A_challenge_with_a_parameter_of_the_wrong_type_is_malformed(string name, string json)
    {
        var challenges = Challenges();
        var challenge = challenges.Create();

        var payload = Edited(challenge, Solve(challenge), p => p["challenge"]!["parameters"]![name] = JsonNode.Parse(json));

        Assert.Equal(AltchaVerdict.Malformed, challenges.Verify(payload).Verdict);
    }

    [Theory]
    [InlineData("\"derivedKey\":\"")]
    [InlineData("\"nonce\":\"")]
    [InlineData("\"signature\":\"")]
    public void A_lone_surrogate_is_malformed(string before)
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(Solved(challenge)));

        var payload = Base64(json.Replace(before, before + "\\ud800", StringComparison.Ordinal));

        Assert.Equal(AltchaVerdict.Malformed, challenges.Verify(payload).Verdict);
    }

    [Fact]
    public void Duplicate_keys_and_oversized_payloads_are_malformed()
    {
        var challenges = Challenges();
        var challenge = challenges.Create();
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(Solved(challenge)));

        Assert.Equal(AltchaVerdict.Malformed, challenges.Verify(Base64(json.Replace("\"counter\":", "\"counter\":1,\"counter\":", StringComparison.Ordinal))).Verdict);
        Assert.Equal(AltchaVerdict.Malformed, challenges.Verify(Base64(json[..^1] + ",\"padding\":\"" + new string('x', 16 * 1024) + "\"}")).Verdict);
    }

    [Fact]
    public void No_truncation_of_a_valid_payload_throws_or_passes()
    {
        var challenges = Challenges();
        var payload = Solved(challenges.Create());
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload));

        for (var length = 0; length < payload.Length; length++)
        {
            Assert.NotEqual(AltchaVerdict.Valid, challenges.Verify(payload[..length]).Verdict);
        }

        for (var length = 0; length < json.Length; length++)
        {
            Assert.NotEqual(AltchaVerdict.Valid, challenges.Verify(Base64(json[..length])).Verdict);
        }
    }

    [Fact]
    public void Key_files_are_generated_once_and_reused_on_the_next_start()
    {
        var options = Options.Create(Settings());
        var first = new AltchaKeys(options, dataDir);
        var second = new AltchaKeys(options, dataDir);

        var challengeFile = Path.Combine(dataDir, "keys", AltchaKeys.ChallengeKeyFile);
        var keyFile = Path.Combine(dataDir, "keys", AltchaKeys.KeyKeyFile);
        Assert.Equal(first.ChallengeSecret, second.ChallengeSecret);
        Assert.Equal(first.KeySecret, second.KeySecret);
        Assert.NotEqual(first.ChallengeSecret, first.KeySecret);
        Assert.Equal(first.ChallengeSecret, File.ReadAllBytes(challengeFile));
        Assert.Equal(32, File.ReadAllBytes(keyFile).Length);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dataDir, "keys")).Length); // no temporary files left behind
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(challengeFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public void A_challenge_issued_before_a_restart_is_valid_after_it()
    {
        var challenge = Challenges().Create();
        var payload = Solved(challenge);

        Assert.Equal(AltchaVerdict.Valid, Challenges().Verify(payload).Verdict);
    }

    [Fact]
    public void Configured_secrets_take_precedence_over_key_files()
    {
        var settings = Settings();
        settings.ChallengeSecret = "challenge-secret-from-configuration";
        settings.KeySecret = "key-secret-from-configuration-too";

        var keys = new AltchaKeys(Options.Create(settings), dataDir);

        Assert.Equal("challenge-secret-from-configuration"u8.ToArray(), keys.ChallengeSecret);
        Assert.Equal("key-secret-from-configuration-too"u8.ToArray(), keys.KeySecret);
        Assert.False(Directory.Exists(Path.Combine(dataDir, "keys")));
    }

    [Fact]
    public void A_key_file_too_short_to_be_a_secret_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(dataDir, "keys"));
        File.WriteAllBytes(Path.Combine(dataDir, "keys", AltchaKeys.ChallengeKeyFile), [1, 2, 3]);

        Assert.Throws<InvalidOperationException>(() => new AltchaKeys(Options.Create(Settings()), dataDir));
    }

    [Theory]
    [InlineData("Algorithm", "ARGON2ID")]
    [InlineData("Algorithm", "pbkdf2/sha-256")]
    [InlineData("Algorithm", "SHA-256")]
    [InlineData("Cost", 0)]
    [InlineData("CounterMin", -1)]
    [InlineData("CounterMin", TestCounterMax)]
    [InlineData("ChallengeSecret", "too short")]
    public void Settings_that_would_issue_broken_or_forgeable_challenges_are_refused(string name, object value)
    {
        var settings = Settings();
        typeof(SpamOptions).GetProperty(name)!.SetValue(settings, value);

        Assert.True(new SpamOptionsValidator().Validate(null, settings).Failed);
        Assert.Throws<OptionsValidationException>(() => Challenges(settings));
    }

    [Fact]
    public void The_default_settings_are_valid()
    {
        Assert.True(new SpamOptionsValidator().Validate(null, new SpamOptions()).Succeeded);
    }
}
