using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>A message the test server accepted: the parsed message and the envelope it came with.</summary>
public sealed record ReceivedMail(MimeMessage Message, IReadOnlyList<string> Recipients, bool OverTls, string? User)
{
    public string To => Recipients.Single();
    public string Text => Message.TextBody ?? "";
    public string Html => Message.HtmlBody ?? "";
    public string? Header(string name) => Message.Headers[name];

    /// <summary>The first link in the text part that starts with <paramref name="prefix"/> (an absolute URL).</summary>
    public string Link(string prefix)
    {
        var start = Text.IndexOf(prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"No link starting with {prefix} in:\n{Text}");
        }

        var end = start;
        while (end < Text.Length && !char.IsWhiteSpace(Text[end]))
        {
            end++;
        }

        return Text[start..end];
    }
}

/// <summary>
/// A real SMTP server on 127.0.0.1, hosted by the test process (the SmtpServer package), that the app delivers to
/// over TCP. It can offer STARTTLS with a self-signed certificate and require AUTH, and a test can make it
/// answer a recipient or a message with any reply code.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly SmtpServer.SmtpServer server;
    private readonly Task running;
    private readonly ConcurrentQueue<ReceivedMail> received = new();
    private readonly X509Certificate2? certificate;

    public const string UserName = "broadsheet";
    public const string Password = "correct horse battery staple";

    private SmtpTestServer(bool tls)
    {
        Port = ProgramProcess.FreePort();
        if (tls)
        {
            certificate = SelfSignedCertificate();
        }

        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(endpoint =>
        {
            endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
            if (certificate is not null)
            {
                endpoint.Certificate(certificate).AuthenticationRequired(true).AllowUnsecureAuthentication(false);
            }
        }).Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new NoDelayListeners());
        services.Add(new DelegatingUserAuthenticator((user, password) => user == UserName && password == Password));
        server = new SmtpServer.SmtpServer(options, services);
        running = server.StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>STARTTLS with this certificate and AUTH required.</summary>
    public bool Secure => certificate is not null;

    public string? CertificateFingerprint => certificate?.GetCertHashString(HashAlgorithmName.SHA256);

    public IReadOnlyList<ReceivedMail> Messages => received.ToArray();

    /// <summary>Answers RCPT TO for an address: return null to accept, or a reply such as (550, "No such user").</summary>
    public Func<string, (int Code, string Text)?>? RecipientRule { get; set; }

    /// <summary>Answers the end of DATA: return null to accept.</summary>
    public Func<MimeMessage, (int Code, string Text)?>? MessageRule { get; set; }

    /// <summary>How long the server takes to accept each message (a slow server).</summary>
    public TimeSpan DelayPerMessage { get; set; }

    public static SmtpTestServer Start() => new(tls: false);

    /// <summary>A server that offers STARTTLS and accepts mail only after AUTH with <see cref="UserName"/> and <see cref="Password"/>.</summary>
    public static SmtpTestServer StartWithTlsAndAuth() => new(tls: true);

    /// <summary>The app's settings that send mail here.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AppSettings()
    {
        yield return new("Broadsheet:Mail:Smtp:Host", "127.0.0.1");
        yield return new("Broadsheet:Mail:Smtp:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("Broadsheet:Mail:Smtp:Security", Secure ? "StartTls" : "None");
        if (Secure)
        {
            yield return new("Broadsheet:Mail:Smtp:UserName", UserName);
            yield return new("Broadsheet:Mail:Smtp:Password", Password);
            yield return new("Broadsheet:Mail:Smtp:CertificateFingerprint", CertificateFingerprint);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages match (all messages when no filter), then returns those.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, Func<ReceivedMail, bool>? filter = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var matching = received.Where(m => filter?.Invoke(m) ?? true).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} message(s), received {matching.Count}: {string.Join(", ", matching.Select(m => m.To + " " + m.Message.Subject))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The number of messages received once no new one has come for <paramref name="quiet"/>.</summary>
    public async Task<int> CountOnceSettledAsync(TimeSpan quiet)
    {
        var count = received.Count;
        while (true)
        {
            await Task.Delay(quiet);
            if (received.Count == count)
            {
                return count;
            }

            count = received.Count;
        }
    }

    /// <summary>The messages received for one address.</summary>
    public IReadOnlyList<ReceivedMail> For(string address) =>
        received.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        server.Shutdown();
        await stop.CancelAsync();
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
        }

        stop.Dispose();
        certificate?.Dispose();
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Through PKCS#12 so that the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private static string Address(IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";

    private sealed class Filter(SmtpTestServer owner) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (owner.RecipientRule?.Invoke(Address(to)) is { } reply)
            {
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)reply.Code, reply.Text));
            }

            return Task.FromResult(true);
        }
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (owner.DelayPerMessage > TimeSpan.Zero)
            {
                await Task.Delay(owner.DelayPerMessage, cancellationToken);
            }

            if (owner.MessageRule?.Invoke(message) is { } reply)
            {
                return new SmtpResponse((SmtpReplyCode)reply.Code, reply.Text);
            }

            var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
            owner.received.Enqueue(new ReceivedMail(message, transaction.To.Select(Address).ToList(), context.Pipe.IsSecure, user));
            return SmtpResponse.Ok;
        }
    }
}
