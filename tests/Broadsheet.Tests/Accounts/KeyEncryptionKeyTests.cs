using System.Security.Cryptography;
using System.Xml.Linq;
using Broadsheet.Accounts;
using Broadsheet.Hosting;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Accounts;

public sealed class KeyEncryptionKeyTests : IDisposable
{
    private readonly string keys = Directory.CreateTempSubdirectory("broadsheet-kek-").FullName;

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Several_nodes_without_a_key_encryption_key_refuse_to_start_saying_how_to_make_one()
    {
        var problem = Assert.Throws<StartupProblemException>(() => KeyEncryptionKey.Check(Settings(("ConnectionStrings:Redis", "127.0.0.1:6379"))));

        Assert.Contains(KeyEncryptionKey.SettingName, problem.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")]
    public void A_key_encryption_key_that_is_not_32_bytes_of_base64_is_refused_without_echoing_it(string value)
    {
        var problem = Assert.Throws<StartupProblemException>(() => KeyEncryptionKey.Check(Settings((KeyEncryptionKey.SettingName, value))));

        Assert.Contains("base64 of 32 random bytes", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_node_makes_its_key_once_readable_by_its_owner_only()
    {
        KeyEncryptionKey.Check(Settings());
        var first = KeyEncryptionKey.Resolve(Settings(), keys);
        var second = KeyEncryptionKey.Resolve(Settings(), keys);

        Assert.Equal(first.Id, second.Id);
        var file = Path.Combine(keys, KeyEncryptionKey.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void A_key_sealed_under_one_key_encryption_key_opens_only_under_it_and_the_other_is_named()
    {
        var secret = new XElement("masterKey", new XElement("value", "the secret key material"));
        var key = KeyEncryptionKey.Resolve(Settings((KeyEncryptionKey.SettingName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))), keys);
        var other = KeyEncryptionKey.Resolve(Settings((KeyEncryptionKey.SettingName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))), keys);

        var sealedKey = new AesGcmXmlEncryptor(key).Encrypt(secret);
        var sealedAgain = new AesGcmXmlEncryptor(key).Encrypt(secret);

        Assert.DoesNotContain("the secret key material", sealedKey.EncryptedElement.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(sealedKey.EncryptedElement.ToString(), sealedAgain.EncryptedElement.ToString()); // a fresh nonce each time
        var opened = new AesGcmXmlDecryptor(new ServiceCollection().AddSingleton(key).BuildServiceProvider()).Decrypt(sealedKey.EncryptedElement);
        Assert.Equal(secret.ToString(), opened.ToString());
        var wrong = Assert.Throws<CryptographicException>(() =>
            new AesGcmXmlDecryptor(new ServiceCollection().AddSingleton(other).BuildServiceProvider()).Decrypt(sealedKey.EncryptedElement));
        Assert.Contains(key.Id, wrong.Message, StringComparison.Ordinal);
        Assert.Contains(KeyEncryptionKey.SettingName, wrong.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(keys, recursive: true);
}

/// <summary>A site upgraded from a version that kept its keys as files in the data folder.</summary>
public sealed class UpgradedKeysApp : BroadsheetApp
{
    public UpgradedKeysApp()
    {
        var legacy = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(DataDir, "keys")), b => b.SetApplicationName("Broadsheet"));
        SignedBeforeTheUpgrade = legacy.CreateProtector("upgrade test").Protect("signed before the upgrade");
    }

    public string SignedBeforeTheUpgrade { get; }

    public override string ProviderName => "Sqlite";
}

public sealed class KeyUpgradeTests(UpgradedKeysApp app) : IClassFixture<UpgradedKeysApp>
{
    [Fact]
    public async Task Keys_kept_as_files_before_the_upgrade_move_into_the_database_encrypted_and_still_open_what_they_signed()
    {
        var opened = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("upgrade test").Unprotect(app.SignedBeforeTheUpgrade);

        Assert.Equal("signed before the upgrade", opened);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDir, "keys"), "key-*.xml"));
        var rows = await app.WithDbAsync((db, _) => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(rows);
        Assert.All(rows, xml => Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(app.DataDir, "keys", KeyEncryptionKey.FileName)));
        Assert.Empty(app.Errors.Entries);
    }
}
