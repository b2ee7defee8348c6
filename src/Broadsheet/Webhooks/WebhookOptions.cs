namespace Broadsheet.Webhooks;

/// <summary>Webhook delivery settings (<c>Broadsheet:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Broadsheet:Webhooks";

    /// <summary>
    /// Lets endpoints on loopback, private, link-local and other internal addresses receive deliveries (tests and
    /// intranets). Off by default: otherwise an administrator's URL could make the server call into its own network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one delivery may take, from connecting to the last byte of the answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An endpoint whose every delivery has failed for this long is disabled and its waiting deliveries given up.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>
    /// The waits after each failed attempt (the first attempt is immediate); when they run out the delivery fails.
    /// Unset: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (the Standard Webhooks schedule).
    /// </summary>
    public List<TimeSpan>? RetrySchedule { get; set; }

    /// <summary>How long a sender's claim on a delivery lasts; a killed node's deliveries are taken over after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many due deliveries a sender claims at a time.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Delivered rows (and their attempts) are deleted after this long.</summary>
    public TimeSpan KeepDeliveredFor { get; set; } = TimeSpan.FromDays(30);

    internal static readonly IReadOnlyList<TimeSpan> DefaultSchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule is { Count: > 0 } configured ? configured : DefaultSchedule;
}
