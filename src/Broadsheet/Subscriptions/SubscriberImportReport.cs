namespace Broadsheet.Subscriptions;

/// <summary>What an import did, and the lines it could not take.</summary>
public sealed class SubscriberImportReport(string fileName)
{
    public string FileName { get; } = fileName;

    /// <summary>Why the whole file was refused (not CSV, no email column); null when it was read.</summary>
    public string? Refusal { get; private set; }

    public int AddedConfirmed { get; set; }
    public int AddedPending { get; set; }

    /// <summary>Pending addresses the file gave a consent date for.</summary>
    public int ConfirmedExisting { get; set; }

    /// <summary>Unsubscribed addresses with a consent date after their unsubscription.</summary>
    public int Resubscribed { get; set; }

    /// <summary>Confirmed addresses whose choices the file replaced (its consent is newer than theirs).</summary>
    public int Updated { get; set; }

    public int Unchanged { get; set; }
    public int ProblemCount { get; private set; }
    public List<SubscriberImportProblem> Problems { get; } = [];

    public int Imported => AddedConfirmed + AddedPending + ConfirmedExisting + Resubscribed + Updated;

    internal SubscriberImportReport Refuse(string reason)
    {
        Refusal = reason;
        return this;
    }

    internal void Problem(long line, string email, string reason)
    {
        ProblemCount++;
        if (Problems.Count < SubscriberImport.MaxProblemsListed)
        {
            Problems.Add(new SubscriberImportProblem(line, email, reason));
        }
    }

    /// <summary>One sentence for the newsroom and the command line.</summary>
    public string Summary()
    {
        if (Refusal is not null)
        {
            return Refusal;
        }

        var parts = new List<string>
        {
            $"{AddedConfirmed + AddedPending} new ({AddedConfirmed} confirmed, {AddedPending} pending)",
        };
        if (ConfirmedExisting > 0)
        {
            parts.Add($"{ConfirmedExisting} pending now confirmed");
        }

        if (Resubscribed > 0)
        {
            parts.Add($"{Resubscribed} subscribed again");
        }

        if (Updated > 0)
        {
            parts.Add($"{Updated} updated");
        }

        if (Unchanged > 0)
        {
            parts.Add($"{Unchanged} already here and unchanged");
        }

        parts.Add(ProblemCount == 1 ? "1 line not imported" : $"{ProblemCount} lines not imported");
        var summary = $"Imported {FileName}: {string.Join(", ", parts)}.";
        return AddedPending > 0
            ? summary + " Pending addresses had no consent date in the file: they get no mail, not even a confirmation, until their owners subscribe on the site."
            : summary;
    }
}

public sealed record SubscriberImportProblem(long Line, string Email, string Reason);
