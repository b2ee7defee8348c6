using Broadsheet.Site;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Mail;

/// <summary>Mail settings (<c>Broadsheet:Mail</c>).</summary>
public sealed class MailOptions
{
    /// <summary>The sender of the site's mail, e.g. <c>"The Broadsheet" &lt;newsroom@example.org&gt;</c>.</summary>
    public string From { get; set; } = "Broadsheet <newsroom@localhost>";
}

/// <summary>
/// Sends the site's mail. The embedded default needs no mail server: each message is written as an
/// <c>.eml</c> file to the data folder's <c>mail/</c> folder, where any mail program can open it.
/// </summary>
public sealed class Mailer(IOptions<BroadsheetOptions> site, IOptions<MailOptions> mail, IHostEnvironment environment, TimeProvider time, ILogger<Mailer> logger)
{
    public string Folder { get; } = Path.Combine(Path.GetFullPath(site.Value.DataDir, environment.ContentRootPath), "mail");

    public async Task SendAsync(string toAddress, string? toName, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.Value.From));
        message.To.Add(new MailboxAddress(toName ?? "", toAddress));
        message.Subject = subject;
        message.Date = time.GetUtcNow();
        message.Body = new TextPart("plain") { Text = textBody };

        Directory.CreateDirectory(Folder);
        var name = $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.eml";
        var path = Path.Combine(Folder, name);
        // Written under a temporary name and renamed, so a reader of the folder never sees half a message.
        var partial = path + ".part";
        await message.WriteToAsync(partial, cancellationToken);
        File.Move(partial, path);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Mail \"{Subject}\" written to {File}.", subject, name);
        }
    }
}

public static class MailSetup
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().Bind(builder.Configuration.GetSection("Broadsheet:Mail"))
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Broadsheet:Mail:From must be a mail address such as \"Broadsheet <newsroom@example.org>\".")
            .ValidateOnStart();
        builder.Services.AddSingleton<Mailer>();
        return builder;
    }
}
