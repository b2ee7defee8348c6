using System.Globalization;
using Spectre.Console;

namespace Broadsheet.Import;

/// <summary>The summary printed after an import: a table of counts, then the reasons, remarks and new accounts.</summary>
public static class ImportSummary
{
    public static void Write(IAnsiConsole console, ImportReport report)
    {
        // Lines go straight to the output, unwrapped: a reset link cut in two cannot be copied.
        var output = console.Profile.Out.Writer;
        output.WriteLine(report.DryRun
            ? $"Dry run of the WordPress import of {report.FileName}: nothing was written."
            : $"Imported {report.FileName} from WordPress.");
        var table = new Table().AddColumns("", "imported", "skipped", "changed");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        table.Columns[3].RightAligned();
        foreach (var (what, counts) in report.Rows)
        {
            table.AddRow(Markup.Escape(what), Number(counts.Imported), Number(counts.Skipped), Number(counts.Changed));
        }

        console.Write(table);
        output.Flush();
        if (report.Notes.Count > 0)
        {
            output.WriteLine("Why:");
            foreach (var note in report.Notes)
            {
                var examples = note.Examples.Count > 0 ? $" (e.g. {string.Join("; ", note.Examples)})" : "";
                output.WriteLine($"  {note.What}, {note.Outcome.ToString().ToLowerInvariant()} ×{note.Count}: {note.Reason}{examples}");
            }
        }

        foreach (var remark in report.Remarks)
        {
            output.WriteLine(remark);
        }

        if (report.ResetLinks.Count > 0)
        {
            output.WriteLine("New accounts are disabled: enable each with 'users enable --email EMAIL'. Each person chooses a password with their link:");
            foreach (var (email, link) in report.ResetLinks)
            {
                output.WriteLine($"  {email}  {link}");
            }
        }
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
