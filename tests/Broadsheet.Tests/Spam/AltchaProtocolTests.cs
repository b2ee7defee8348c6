using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Broadsheet.Spam;

namespace Broadsheet.Tests.Spam;

/// <summary>
/// Fixed vectors from the reference implementations: altcha-lib (JS) tests/v2, and the payloads made by
/// altcha-lib (JS) and altcha-lib-go that altcha-lib-dotnet checks in JsCompatTests and GoCompatTests.
/// </summary>
public sealed class AltchaProtocolTests
{
    // altcha-lib tests/v2/algorithms/*.test.ts: password = nonce ‖ uint32BE(123).
    private static readonly byte[] Nonce = Convert.FromHexString("39baf91a19d671f8231217f9e28342a6");
    private static readonly byte[] Salt = Convert.FromHexString("5e00d5d152e1a5db7d44fb6404a40a5e");

    // altcha-lib-go v2: PBKDF2/SHA-256, cost 100, counter 1234, secrets "go-secret" and "go-key-secret".
    private const string GoPayload =
        "eyJjaGFsbGVuZ2UiOnsicGFyYW1ldGVycyI6eyJhbGdvcml0aG0iOiJQQktERjIvU0hBLTI1NiIsIm5vbmNlIjoiNmE1MGQ1NjRmNGE2YjIyZGJhOGFiMTMwIiwic2FsdCI6ImRkZDJhY2Y0YTE4MmU2OGEzYjMxNzM2ZiIsImNvc3QiOjEwMCwia2V5TGVuZ3RoIjozMiwia2V5UHJlZml4IjoiY2RjNzA4YzI2ZDU4YzFjOGI5NzMwYjFhNmY0ODM3ZTYiLCJrZXlTaWduYXR1cmUiOiJkY2MwNmQwYzllZTAyOTE4OWQ0ZThmYjY0MDYyNTYxMjc0YWRjNzZkM2U1NjYzY2I0MGI0M2Y0NzE2MDA1NDlkIiwiZGF0YSI6eyJmb28iOiJiYXIiLCJuIjo0Mn19LCJzaWduYXR1cmUiOiIzMWYwZTNlNzllYzRlYzNkYWI1YzhkZWU1OGZlZjM3MTM4Y2U3YTM3ZmRhNDk0M2E1Yzg1M2I4Yzg0MDgyODUyIn0sInNvbHV0aW9uIjp7ImNvdW50ZXIiOjEyMzQsImRlcml2ZWRLZXkiOiJjZGM3MDhjMjZkNThjMWM4Yjk3MzBiMWE2ZjQ4MzdlNjA0YTY3YWQyZGU2M2Y5ZjE1N2Q3MThkZWNjZDQ2ZmVjIiwidGltZSI6MTJ9fQ==";

    // altcha-lib (JS) v2: PBKDF2/SHA-256, cost 100, counter 321, secret "js-secret", data with objects inside arrays.
    private const string JsPayload =
        "eyJjaGFsbGVuZ2UiOnsicGFyYW1ldGVycyI6eyJhbGdvcml0aG0iOiJQQktERjIvU0hBLTI1NiIsImNvc3QiOjEwMCwiZGF0YSI6eyJhIjp7ImIiOjEsInEiOlt7InkiOjEsIngiOjJ9XX0sImxpc3QiOlt7IjIiOjAsIjEwIjowLCJ6IjoxLCJhIjp7InkiOjIsImIiOjN9LCJhcnIiOlt7ImQiOjEsImMiOjJ9XX0sInMiLDNdLCJ6IjoxfSwia2V5TGVuZ3RoIjozMiwia2V5UHJlZml4IjoiMTY0YmViZDM5ZjU4NTUyYzQ0ZTViNGQzZWFhOGY4MTQiLCJub25jZSI6ImViNTc2NmViZDRmMjMwMTQ2MjhhN2Y1NTQyODcxZThiIiwic2FsdCI6IjY1YzRiMjdkMTYwODM3NzI1ZjRiNmIzZGM3ZWFjMWFlIn0sInNpZ25hdHVyZSI6Ijc5YTc0ZThhMTMxOTIxZTkwYWNkYzRjZjFlNWIwYjQ2YzY0NTkwYzVjOGExNzY4NjY1ODQyZGUzNGM3MzdkYTcifSwic29sdXRpb24iOnsiY291bnRlciI6MzIxLCJkZXJpdmVkS2V5IjoiMTY0YmViZDM5ZjU4NTUyYzQ0ZTViNGQzZWFhOGY4MTRmNTc4NDZiNmIwNWZkOWFhMGVhNjAzYTBiM2NiYjY1MCIsInRpbWUiOjUuN319";

    [Theory]
    [InlineData("PBKDF2/SHA-256", 1, "722ede188d41e7a7c9fd5447dca6cbb84e09c15724dbaadfb5bfb37d2cd4effa")]
    [InlineData("PBKDF2/SHA-256", 2, "cba117f9a790022a55589d5008c9f003e49c011ff7fe34fc838788a1825524f7")]
    [InlineData("PBKDF2/SHA-384", 1, "16fa2f9d7433fd956d7bb82745148bd18f44b8e87f8a57b47d1387f589402851")]
    [InlineData("PBKDF2/SHA-512", 1, "d1033a8a8ae79a03ed06bdcfd8ad361aaafc72701c5db9da40fdeecefe3ec41a")]
    public void Pbkdf2_derivation_matches_the_reference_vector(string algorithm, int cost, string expected) =>
        Assert.Equal(expected, Hex(AltchaProtocol.DeriveKey(algorithm, Nonce, Salt, 123, cost, 32)));

    [Theory]
    [InlineData("SHA-256", 1, 32, "6deccc5eecdb14c99d57129ef8f2f7d3e71812d8bd022c1caaf9e56512ec186c")]
    [InlineData("SHA-256", 2, 32, "54129dc0097cb40d1c75bd8dc1e5f713839b285d72f9685a3d91ab76ca2746ad")]
    [InlineData("SHA-384", 1, 48, "ec783f5767a962569850411504cd657ecd2eeef3219fc36036268c2ee8dd56b7f36f6899a37268634054c7e1267087a4")]
    [InlineData("SHA-512", 1, 64, "ed80526e1213f18539b9898556519535bc08bcc7e4d867e88988f3f3050795f0f7f606a2215896bf1b9f0a20aa0864958899c537057ef3193788b7abefd8cd21")]
    public void Sha_derivation_matches_the_reference_vector(string algorithm, int cost, int keyLength, string expected) =>
        Assert.Equal(expected, Hex(AltchaProtocol.DeriveKey(algorithm, Nonce, Salt, 123, cost, keyLength)));

    [Fact]
    public void Sha_derivation_shortens_every_round_to_the_key_length_as_the_widget_does()
    {
        // Computed with the widget's src/algorithms/sha.ts in Node (WebCrypto digest, sliced each round);
        // altcha-lib's Node variant slices only the last round and would give 24b02953…
        Assert.Equal(
            "f2d21601ee77b1f4555bf15a88bb6b78309a43fa131d3dc7407127fbb1f1ec09",
            Hex(AltchaProtocol.DeriveKey("SHA-512", Nonce, Salt, 123, 2, 32)));
    }

    [Fact]
    public void Password_is_the_nonce_bytes_followed_by_the_counter_as_big_endian_uint32()
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, 9_999_999);

        Assert.Equal(
            SHA256.HashData([.. Salt, .. Nonce, .. counter]),
            AltchaProtocol.DeriveKey("SHA-256", Nonce, Salt, 9_999_999, 1, 32));
    }

    [Fact]
    public void Unknown_algorithms_are_refused()
    {
        Assert.False(AltchaProtocol.IsSupportedAlgorithm("pbkdf2/sha-256")); // the widget's lookup is case-sensitive
        Assert.False(AltchaProtocol.IsSupportedAlgorithm("ARGON2ID"));
        Assert.Throws<ArgumentException>(() => AltchaProtocol.DeriveKey("MD5", Nonce, Salt, 1, 1, 32));
    }

    [Fact]
    public void Signature_matches_the_reference_vector()
    {
        var parameters = new AltchaParameters("PBKDF2/SHA-256", Hex(Nonce), Hex(Salt), 1000, 32, "00");

        Assert.Equal(
            """{"algorithm":"PBKDF2/SHA-256","cost":1000,"keyLength":32,"keyPrefix":"00","nonce":"39baf91a19d671f8231217f9e28342a6","salt":"5e00d5d152e1a5db7d44fb6404a40a5e"}""",
            AltchaProtocol.CanonicalJson(parameters));
        Assert.Equal(
            "a10045ef3381d5516e0c3fd6bf0b90e02fab68d576ffe9e0e1c2d1cd1e404f2a",
            AltchaProtocol.Sign(parameters, "signature.secret"u8));
    }

    [Fact]
    public void A_deterministic_challenge_from_altcha_lib_go_checks_out_key_signature_included()
    {
        using var payload = Decode(GoPayload);
        var parameters = payload.RootElement.GetProperty("challenge").GetProperty("parameters");
        var solution = payload.RootElement.GetProperty("solution");
        var derivedKey = AltchaProtocol.DeriveKey(
            "PBKDF2/SHA-256", Convert.FromHexString("6a50d564f4a6b22dba8ab130"), Convert.FromHexString("ddd2acf4a182e68a3b31736f"), 1234, 100, 32);

        // The signed text covers keySignature and data, whatever order the keys arrived in.
        Assert.Equal(
            """{"algorithm":"PBKDF2/SHA-256","cost":100,"data":{"foo":"bar","n":42},"keyLength":32,"keyPrefix":"cdc708c26d58c1c8b9730b1a6f4837e6","keySignature":"dcc06d0c9ee029189d4e8fb64062561274adc76d3e5663cb40b43f471600549d","nonce":"6a50d564f4a6b22dba8ab130","salt":"ddd2acf4a182e68a3b31736f"}""",
            AltchaProtocol.CanonicalJson(parameters));
        Assert.Equal(
            payload.RootElement.GetProperty("challenge").GetProperty("signature").GetString(),
            AltchaProtocol.HmacHex("go-secret"u8, AltchaProtocol.CanonicalJson(parameters)));
        Assert.Equal(solution.GetProperty("derivedKey").GetString(), Hex(derivedKey));
        Assert.Equal(parameters.GetProperty("keyPrefix").GetString(), Hex(derivedKey[..16]));
        Assert.Equal(parameters.GetProperty("keySignature").GetString(), AltchaProtocol.HmacHex("go-key-secret"u8, derivedKey));
    }

    [Fact]
    public void A_challenge_from_altcha_lib_js_with_objects_inside_arrays_checks_out()
    {
        using var payload = Decode(JsPayload);
        var parameters = payload.RootElement.GetProperty("challenge").GetProperty("parameters");

        Assert.Equal(
            "79a74e8a131921e90acdc4cf1e5b0b46c64590c5c8a1768665842de34c737da7",
            AltchaProtocol.HmacHex("js-secret"u8, AltchaProtocol.CanonicalJson(parameters)));
        Assert.Equal(
            "164bebd39f58552c44e5b4d3eaa8f814f57846b6b05fd9aa0ea603a0b3cbb650",
            Hex(AltchaProtocol.DeriveKey("PBKDF2/SHA-256", Convert.FromHexString("eb5766ebd4f23014628a7f5542871e8b"), Convert.FromHexString("65c4b27d160837725f4b6b3dc7eac1ae"), 321, 100, 32)));
    }

    // Expected texts printed by JSON.stringify(sortKeys(JSON.parse(input))) with altcha-lib's sortKeys, in Node.
    [Theory]
    [InlineData(
        """{"b":1,"10":2,"a":3,"9":4,"01":5,"B":6,"4294967295":7,"4294967294":8}""",
        """{"9":4,"10":2,"4294967294":8,"01":5,"4294967295":7,"B":6,"a":3,"b":1}""")]
    [InlineData(
        """{"list":[{"b":1,"10":2,"a":{"z":1,"y":2},"2":4}],"x":{"z":[3,{"q":1,"p":2}],"c":null,"a":true}}""",
        """{"list":[{"2":4,"10":2,"b":1,"a":{"z":1,"y":2}}],"x":{"a":true,"c":null,"z":[3,{"q":1,"p":2}]}}""")]
    [InlineData(
        """{"s":"q\"\\\b\f\n\r\t\u0001\u001f\u007f\/<&>\u00e9\u2028 😀"}""",
        "{\"s\":\"q\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f/<&>é\u2028 😀\"}")]
    [InlineData(
        """{"n":[1e21,1e20,0.1,1.5e-7,123.456,-1e-7,0.000001,-0,1.7976931348623157e308,5e-324,1e400,1152921504606846976,1.0,100]}""",
        """{"n":[1e+21,100000000000000000000,0.1,1.5e-7,123.456,-1e-7,0.000001,0,1.7976931348623157e+308,5e-324,null,1152921504606847000,1,100]}""")]
    public void Canonical_json_is_what_javascript_writes_for_sorted_keys(string input, string expected)
    {
        using var document = JsonDocument.Parse(input);

        Assert.Equal(expected, AltchaProtocol.CanonicalJson(document.RootElement));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("00", true)]
    [InlineData("00AA", true)] // even: compared as bytes, so case does not matter
    [InlineData("00aabbcc", true)]
    [InlineData("00aabbcc00", false)]
    [InlineData("00a", true)] // odd: compared as lowercase hex text
    [InlineData("00A", false)]
    [InlineData("00b", false)]
    [InlineData("zz", false)]
    public void Key_prefix_is_matched_as_bytes_when_even_and_as_hex_text_when_odd(string prefix, bool matches) =>
        Assert.Equal(matches, AltchaSolver.MatchesKeyPrefix([0x00, 0xaa, 0xbb, 0xcc], prefix));

    [Fact]
    public void Solving_counts_up_to_the_counter_the_challenge_was_made_with()
    {
        var key = AltchaProtocol.DeriveKey("SHA-256", Nonce, Salt, 37, 1, 32);
        var parameters = new AltchaParameters("SHA-256", Hex(Nonce), Hex(Salt), 1, 32, Hex(key[..16]));
        var challenge = new AltchaChallenge(parameters, "unused");

        var solution = AltchaSolver.Solve(challenge, maxCounter: 100);

        Assert.NotNull(solution);
        Assert.Equal(37u, solution.Counter);
        Assert.Equal(Hex(key), solution.DerivedKey);
        Assert.Null(AltchaSolver.Solve(challenge, maxCounter: 36));
    }

    [Fact]
    public void Payload_is_base64_json_of_the_challenge_and_solution_as_the_widget_sends_it()
    {
        var parameters = new AltchaParameters("PBKDF2/SHA-256", "aa", "bb", 10, 32, "cc", "dd", 1_777_000_000);
        var payload = AltchaSolver.EncodePayload(new AltchaChallenge(parameters, "ee"), new AltchaSolution(7, "ccff", 5.7));

        Assert.Equal(
            """{"challenge":{"parameters":{"algorithm":"PBKDF2/SHA-256","cost":10,"expiresAt":1777000000,"keyLength":32,"keyPrefix":"cc","keySignature":"dd","nonce":"aa","salt":"bb"},"signature":"ee"},"solution":{"counter":7,"derivedKey":"ccff","time":5.7}}""",
            Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static JsonDocument Decode(string base64) => JsonDocument.Parse(Convert.FromBase64String(base64));
}
