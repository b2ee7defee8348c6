using MailKit.Security;

namespace Broadsheet.Mail;

/// <summary>Mail settings (<c>Broadsheet:Mail</c>).</summary>
public sealed class MailOptions
{
    /// <summary>The sender of the site's mail, e.g. <c>"The Broadsheet" &lt;newsroom@example.org&gt;</c>.</summary>
    public string From { get; set; } = "Broadsheet <newsroom@localhost>";

    /// <summary>The mailbox named in the <c>mailto:</c> of <c>List-Unsubscribe</c>; the From address when empty.</summary>
    public string? UnsubscribeMailbox { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>At most this many messages a second over all connections (0: no limit).</summary>
    public double MessagesPerSecond { get; set; }

    /// <summary>After this many attempts with temporary failures a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry; it doubles with every attempt, up to six hours.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A subscriber whose server refuses this many messages in a row for good (5xx) is suspended.</summary>
    public int BounceLimit { get; set; } = 3;

    /// <summary>How long a sender's claim on a message lasts; a killed node's messages are taken over after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sent and cancelled messages are deleted after this long (failed ones stay until retried or the newsroom removes them).</summary>
    public TimeSpan KeepSentFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many due messages a sender claims at a time.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary><c>Broadsheet:Mail:Smtp</c>: without a <see cref="Host"/>, messages are written as .eml files to the data folder's <c>mail/</c>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    /// <summary>0 picks the usual port for <see cref="Security"/> (25, 587 or 465).</summary>
    public int Port { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>How many connections send at once.</summary>
    public int MaxConnections { get; set; } = 2;

    /// <summary>
    /// The SHA-256 (or SHA-1) fingerprint of a server certificate to trust although no authority signed it, as for
    /// a relay inside the network with a self-signed certificate. Any other invalid certificate is refused.
    /// </summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>How long to wait for the server.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    internal SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

public enum SmtpSecurity
{
    /// <summary>TLS on connect on port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}
