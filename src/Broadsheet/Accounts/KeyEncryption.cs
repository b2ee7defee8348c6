using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Broadsheet.Hosting;
using Broadsheet.Nodes;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Broadsheet.Accounts;

/// <summary>
/// The key that encrypts the data-protection keys (which sign cookies, antiforgery tokens and reset links) before they
/// are stored in the database, so a copy of the database alone cannot forge a sign-in. It comes from
/// <c>Broadsheet:DataProtection:KeyEncryptionKey</c>; a single node without it makes one in its data folder.
/// </summary>
public sealed class KeyEncryptionKey
{
    public const string SettingName = "Broadsheet:DataProtection:KeyEncryptionKey";
    public const string FileName = "key-encryption.key";
    private const string HowToMakeOne = "make one with `openssl rand -base64 32`";

    private KeyEncryptionKey(byte[] key, string source)
    {
        Key = key;
        Source = source;
        // A fingerprint stored beside each encrypted key, so a wrong key-encryption key is named as such, not as corrupt data.
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(key, "Broadsheet key-encryption key"u8)[..8]);
    }

    internal byte[] Key { get; }

    /// <summary>Safe to show and log: it identifies the key without revealing it.</summary>
    public string Id { get; }

    /// <summary>Where the key came from, for messages: the setting or the file.</summary>
    public string Source { get; }

    /// <summary>Refuses to start when the setting is missing on several nodes, or is not 32 bytes of base64.</summary>
    /// <exception cref="StartupProblemException">What is wrong and how to fix it.</exception>
    public static void Check(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[SettingName]) || configuration.UsesRedis())
        {
            Resolve(configuration, "");
        }
    }

    /// <summary>
    /// The configured key, or on a single node the one in <paramref name="keysFolder"/>, made on first use (not when the
    /// app is built, so a command such as <c>restore</c> still finds an empty data folder empty).
    /// </summary>
    /// <exception cref="StartupProblemException">The setting is missing on several nodes, or is not 32 bytes of base64.</exception>
    public static KeyEncryptionKey Resolve(IConfiguration configuration, string keysFolder)
    {
        var configured = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Parse(configured, SettingName);
        }

        if (configuration.UsesRedis())
        {
            throw new StartupProblemException(
                $"Several nodes (ConnectionStrings:Redis is set) must share one key-encryption key: set {SettingName} to the same value on every node; {HowToMakeOne}.");
        }

        return ReadOrCreate(Path.Combine(keysFolder, FileName));
    }

    private static KeyEncryptionKey Parse(string base64, string source)
    {
        var key = new byte[32];
        if (!Convert.TryFromBase64String(base64.Trim(), key, out var length) || length != key.Length)
        {
            throw new StartupProblemException($"{source} must be the base64 of 32 random bytes ({HowToMakeOne}); the value there is not.");
        }

        return new KeyEncryptionKey(key, source);
    }

    private static KeyEncryptionKey ReadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(path)!;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            try
            {
                var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var writer = new StreamWriter(path, Encoding.ASCII, file);
                writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process of this installation made it first: use that one.
            }
        }

        return Parse(File.ReadAllText(path), path);
    }
}

/// <summary>
/// Encrypts each data-protection key's secret with AES-256-GCM under the key-encryption key: a fresh nonce per key,
/// authenticated, with the key-encryption key's fingerprint bound in as associated data.
/// </summary>
public sealed class AesGcmXmlEncryptor(KeyEncryptionKey key) : IXmlEncryptor
{
    internal const string ElementName = "aesGcmEncryptedKey";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBox = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(key.Id));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(ElementName,
            new XAttribute("keyEncryptionKey", key.Id),
            new XComment(" AES-256-GCM: nonce, tag, ciphertext; see Broadsheet:DataProtection:KeyEncryptionKey "),
            new XElement("value", Convert.ToBase64String(sealedBox)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }

    /// <summary>Opens what <see cref="Encrypt"/> sealed; a clear message when the key-encryption key is another one.</summary>
    internal static XElement Decrypt(KeyEncryptionKey key, XElement encryptedElement)
    {
        var encryptedWith = (string?)encryptedElement.Attribute("keyEncryptionKey");
        if (encryptedWith != key.Id)
        {
            throw new CryptographicException(
                $"This data-protection key was encrypted with key-encryption key {encryptedWith}, but {key.Source} holds key {key.Id}. " +
                $"Give every node the same {KeyEncryptionKey.SettingName} (and a restored site the one it had), or readers and the newsroom must sign in again.");
        }

        var sealedBox = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        if (sealedBox.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The encrypted data-protection key is truncated.");
        }

        var plaintext = new byte[sealedBox.Length - NonceSize - TagSize];
        using (var aes = new AesGcm(key.Key, TagSize))
        {
            aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), plaintext, Encoding.ASCII.GetBytes(key.Id));
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>
/// Made by the data-protection system by its type name, stored with each key (so keep its name and namespace); it finds
/// the key-encryption key among the app's services.
/// </summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        AesGcmXmlEncryptor.Decrypt(services.GetRequiredService<KeyEncryptionKey>(), encryptedElement);
}
