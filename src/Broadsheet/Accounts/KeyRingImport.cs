using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Broadsheet.Accounts;

/// <summary>
/// The key ring in the database. Before this version the keys were files in the data folder's <c>keys/</c>, unencrypted;
/// on first use they are brought into the database (encrypted like new keys) and the files removed, so readers and
/// the newsroom stay signed in across the upgrade. A restored old backup brings its files back and they come in the same way.
/// </summary>
internal sealed class KeyRingImport(IXmlRepository database, string keysFolder, IXmlEncryptor encryptor, ILogger logger) : IXmlRepository
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private readonly Lock importing = new();
    private bool imported;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (importing)
        {
            if (!imported)
            {
                ImportFiles();
                imported = true;
            }
        }

        return database.GetAllElements();
    }

    public void StoreElement(XElement element, string friendlyName) => database.StoreElement(element, friendlyName);

    private void ImportFiles()
    {
        var files = Directory.Exists(keysFolder) ? Directory.GetFiles(keysFolder, "key-*.xml") : [];
        if (files.Length == 0)
        {
            return;
        }

        var known = database.GetAllElements().Select(e => (string?)e.Attribute("id")).ToHashSet();
        foreach (var file in files)
        {
            var key = XElement.Load(file);
            if (!known.Contains((string?)key.Attribute("id")))
            {
                database.StoreElement(Encrypted(key), Path.GetFileNameWithoutExtension(file));
            }

            File.Delete(file);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Moved {Count} data-protection keys from {Folder} into the database, encrypted.", files.Length, keysFolder);
        }
    }

    /// <summary>The key with each secret the framework marks as needing encryption sealed, as the framework does for a new key.</summary>
    private XElement Encrypted(XElement key)
    {
        var copy = new XElement(key);
        foreach (var secret in copy.Descendants().Where(e => (string?)e.Attribute(DataProtection + "requiresEncryption") == "true").ToList())
        {
            var sealedSecret = encryptor.Encrypt(new XElement(secret));
            secret.ReplaceWith(new XElement(DataProtection + "encryptedSecret",
                new XAttribute("decryptorType", sealedSecret.DecryptorType.AssemblyQualifiedName!),
                sealedSecret.EncryptedElement));
        }

        return copy;
    }
}
