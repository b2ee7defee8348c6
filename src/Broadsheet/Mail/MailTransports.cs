using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Mail;

/// <summary>Where messages go: an SMTP server, or the data folder when none is configured.</summary>
public interface IMailTransport
{
    /// <summary>A human description for the log ("smtp.example.org:587", "the folder …").</summary>
    string Description { get; }

    /// <summary>Opens one connection; the sender keeps a few open and sends many messages over each.</summary>
    Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken);
}

public interface IMailConnection : IAsyncDisposable
{
    /// <summary>Returns when the server has accepted the message; throws what MailKit throws otherwise.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>MailKit over SMTP.</summary>
public sealed class SmtpTransport(IOptions<MailOptions> options) : IMailTransport
{
    private SmtpOptions Smtp => options.Value.Smtp;

    public string Description => $"{Smtp.Host}:{(Smtp.Port == 0 ? "default port" : Smtp.Port)} ({Smtp.Security})";

    public async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)Smtp.Timeout.TotalMilliseconds };
        if (!string.IsNullOrWhiteSpace(Smtp.CertificateFingerprint))
        {
            var pinned = Normalize(Smtp.CertificateFingerprint);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (certificate is X509Certificate2 x509
                    && (Normalize(x509.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)) == pinned
                        || Normalize(x509.GetCertHashString()) == pinned));
        }

        var port = Smtp.Port != 0 ? Smtp.Port : Smtp.Security switch
        {
            SmtpSecurity.SslOnConnect => 465,
            SmtpSecurity.StartTls => 587,
            _ => 25,
        };
        // Our own socket, so that Nagle's algorithm is off: SMTP writes a command or the message's last lines and
        // waits for the answer, and with Nagle each such wait meets the peer's delayed ACK (about 40 ms a message).
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(Smtp.Timeout);
                await socket.ConnectAsync(Smtp.Host!, port, connectTimeout.Token);
            }

            await client.ConnectAsync(socket, Smtp.Host!, port, Smtp.SocketOptions, cancellationToken);
            if (!string.IsNullOrEmpty(Smtp.UserName))
            {
                await client.AuthenticateAsync(Smtp.UserName, Smtp.Password ?? "", cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }

        return new Connection(client);
    }

    private static string Normalize(string fingerprint) => fingerprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
            await client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception exception) when (exception is IOException or MailKit.ServiceNotConnectedException or MailKit.ProtocolException or OperationCanceledException)
            {
                // The connection is going away either way.
            }

            client.Dispose();
        }
    }
}

/// <summary>
/// The embedded default: each message becomes an <c>.eml</c> file in <see cref="Folder"/>, which any mail
/// program opens, so a fresh install works with nothing else running.
/// </summary>
public sealed class MailFolderTransport(string folder) : IMailTransport
{
    public string Folder { get; } = folder;

    public string Description => $"the folder {Folder}";

    public Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailConnection>(new Connection(Folder));
    }

    private sealed class Connection(string folder) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            // Named after the Message-ID, so a message sent twice (after a crash) is one file; written under a
            // temporary name and renamed, so a reader of the folder never sees half a message.
            var name = $"{message.Date.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Safe(message.MessageId ?? "")}.eml";
            var path = Path.Combine(folder, name);
            var partial = path + ".part";
            await message.WriteToAsync(partial, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static string Safe(string messageId) =>
            string.Concat(messageId.Split('@')[0].Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'));
    }
}
