using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Broadsheet.Spam;

/// <summary>
/// The two HMAC secrets of the ALTCHA challenges: one signs the challenge, one signs the expected derived key.
/// A secret set in configuration is used as its UTF-8 bytes; otherwise 32 random bytes are generated once into
/// <c>{dataDir}/keys</c> and read back on every later start, so challenges survive a restart. Never logged.
/// </summary>
public sealed class AltchaKeys(IOptions<SpamOptions> options, string dataDir)
{
    public const string ChallengeKeyFile = "altcha-challenge.key";
    public const string KeyKeyFile = "altcha-key.key";
    private const int GeneratedBytes = 32;

    public byte[] ChallengeSecret { get; } = Resolve(options.Value.ChallengeSecret, Path.Combine(dataDir, "keys", ChallengeKeyFile));

    public byte[] KeySecret { get; } = Resolve(options.Value.KeySecret, Path.Combine(dataDir, "keys", KeyKeyFile));

    private static byte[] Resolve(string? configured, string file) =>
        string.IsNullOrEmpty(configured) ? ReadOrCreate(file) : Encoding.UTF8.GetBytes(configured);

    private static byte[] ReadOrCreate(string file)
    {
        if (!File.Exists(file))
        {
            Create(file);
        }

        var secret = File.ReadAllBytes(file);
        return secret.Length >= GeneratedBytes
            ? secret
            : throw new InvalidOperationException(
                $"{file} holds {secret.Length} bytes; an ALTCHA secret needs at least {GeneratedBytes}. Delete the file to generate a new one.");
    }

    private static void Create(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            // Same folder and rule as the data-protection keys: only the app's own user may read them.
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Written whole under a temporary name, then moved into place without overwriting: a second process
        // starting at the same moment either wins the move or reads the winner's file, never a half-written one.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var output = new FileStream(temporary, stream))
            {
                output.Write(RandomNumberGenerator.GetBytes(GeneratedBytes));
                output.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite); // whatever the umask
            }

            File.Move(temporary, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process created it first; its secret is the one to use.
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
