namespace Broadsheet.Import;

/// <summary>What an import brought, skipped and changed, with the reasons: the summary the command prints.</summary>
public sealed class ImportReport
{
    public const string Articles = "Articles";
    public const string StaticPages = "Static pages";
    public const string Comments = "Comments";
    public const string Pingbacks = "Pingbacks and trackbacks";
    public const string Media = "Media";
    public const string Sections = "Sections";
    public const string Tags = "Tags";
    public const string Authors = "Authors";
    public const string Accounts = "Accounts";
    public const string Redirects = "Redirects";
    public const string OtherItems = "Other items";

    private static readonly string[] Order = [Articles, StaticPages, Comments, Pingbacks, Media, Sections, Tags, Authors, Accounts, Redirects, OtherItems];

    private readonly Dictionary<string, Counts> rows = Order.ToDictionary(k => k, _ => new Counts());
    private readonly Dictionary<(string What, Outcome Outcome, string Reason), Note> notes = [];
    private readonly List<Note> noteOrder = [];
    private readonly HashSet<(string, string)> changedItems = [];

    public bool DryRun { get; init; }
    public string FileName { get; init; } = "";

    /// <summary>General remarks (the time zone assumed, a missing version).</summary>
    public List<string> Remarks { get; } = [];

    /// <summary>Accounts created with <c>--create-accounts</c> and the link each person uses to choose a password.</summary>
    public List<(string Email, string Link)> ResetLinks { get; } = [];

    public IReadOnlyList<(string What, Counts Counts)> Rows => [.. Order.Select(k => (k, rows[k]))];

    public IReadOnlyList<Note> Notes => noteOrder;

    public Counts this[string what] => rows[what];

    public void Imported(string what, int count = 1) => rows[what].Imported += count;

    /// <summary>Something was imported but not as it was: the reason is listed.</summary>
    public void ImportedWith(string what, string reason, string? example) => Record(what, Outcome.Imported, reason, example);

    public void Skipped(string what, string reason, string? example = null)
    {
        rows[what].Skipped++;
        Record(what, Outcome.Skipped, reason, example);
    }

    /// <summary>Something was imported differently from how it was; <paramref name="item"/> counts each item once however many changes it had.</summary>
    public void Changed(string what, string reason, string? example = null, string? item = null)
    {
        if (changedItems.Add((what, item ?? example ?? reason)))
        {
            rows[what].Changed++;
        }

        Record(what, Outcome.Changed, reason, example);
    }

    private void Record(string what, Outcome outcome, string reason, string? example)
    {
        if (!notes.TryGetValue((what, outcome, reason), out var note))
        {
            note = new Note(what, outcome, reason);
            notes[(what, outcome, reason)] = note;
            noteOrder.Add(note);
        }

        // One item with the same reason several times (a post with many extra categories) counts once.
        if (example is { Length: > 0 } && !note.Seen.Add(example))
        {
            return;
        }

        note.Count++;
        if (example is { Length: > 0 } && note.Examples.Count < 3)
        {
            note.Examples.Add(example.Length > 60 ? example[..59] + "…" : example);
        }
    }

    public sealed class Counts
    {
        public int Imported { get; set; }
        public int Skipped { get; set; }
        public int Changed { get; set; }
    }

    public enum Outcome
    {
        Imported,
        Skipped,
        Changed,
    }

    public sealed class Note(string what, Outcome outcome, string reason)
    {
        public string What { get; } = what;
        public Outcome Outcome { get; } = outcome;
        public string Reason { get; } = reason;
        public int Count { get; set; }
        public List<string> Examples { get; } = [];
        internal HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
    }
}
