using Broadsheet.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Mail;

/// <summary>Account mail (password reset links, new members): queued in the outbox and delivered like every other message.</summary>
public sealed class Mailer(BroadsheetDb db, Outbox outbox)
{
    public async Task SendAsync(string toAddress, string? toName, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        outbox.Queue(db, MailKind.Account, toAddress, toName, subject, textBody, htmlBody: null);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Wake();
    }
}

public static class MailSetup
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MailOptions>().Bind(builder.Configuration.GetSection("Broadsheet:Mail"))
            .Validate(o => MailboxAddress.TryParse(o.From, out var from) && from.Address.Contains('@', StringComparison.Ordinal),
                "Broadsheet:Mail:From must be a mail address such as \"Broadsheet <newsroom@example.org>\".")
            .Validate(o => o.Smtp.MaxConnections is >= 1 and <= 50, "Broadsheet:Mail:Smtp:MaxConnections must be between 1 and 50.")
            .Validate(o => o.Smtp.Port is >= 0 and <= 65535, "Broadsheet:Mail:Smtp:Port must be a port number (or 0 for the usual one).")
            .Validate(o => o.MessagesPerSecond >= 0, "Broadsheet:Mail:MessagesPerSecond cannot be negative (0 means no limit).")
            .Validate(o => o.MaxAttempts >= 1 && o.BounceLimit >= 1 && o.BatchSize >= 1, "Broadsheet:Mail:MaxAttempts, BounceLimit and BatchSize must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<IMailTransport>(provider =>
        {
            var mail = provider.GetRequiredService<IOptions<MailOptions>>();
            if (!string.IsNullOrWhiteSpace(mail.Value.Smtp.Host))
            {
                return new SmtpTransport(mail);
            }

            var site = provider.GetRequiredService<IOptions<Site.BroadsheetOptions>>().Value;
            return new MailFolderTransport(Path.Combine(Path.GetFullPath(site.DataDir, builder.Environment.ContentRootPath), "mail"));
        });
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<MailMessages>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxSender>());
        services.AddScoped<Mailer>();
        return builder;
    }
}
