using AngleSharp.Dom;

namespace Broadsheet.Editing;

/// <summary>
/// An HTML table as a pipe table. A pipe table always has a header row: the table's head, its first row
/// when that row is all header cells, or else an empty one. A cell spanning columns fills them with
/// empty cells; a cell holds one line, so its line breaks become spaces. The caption goes before the table.
/// </summary>
internal static class MarkdownTables
{
    public static string Table(IElement table, Func<INode, string> inline)
    {
        var rows = table.QuerySelectorAll("tr").Where(tr => tr.Closest("table") == table).ToList();
        if (rows.Count == 0)
        {
            return "";
        }

        var headRow = rows.FirstOrDefault(tr => tr.ParentElement?.LocalName == "thead")
            ?? (rows[0].Children.All(c => c.LocalName == "th") ? rows[0] : null);
        var cells = rows.Select(tr => Cells(tr, inline)).ToList();
        var width = cells.Max(c => c.Count);
        if (width == 0)
        {
            return "";
        }

        var header = headRow is null ? Enumerable.Repeat("", width).ToList() : cells[rows.IndexOf(headRow)];
        var body = cells.Where((_, i) => rows[i] != headRow).ToList();
        var lines = new List<string> { Row(header, width), "|" + string.Concat(Enumerable.Repeat(" --- |", width)) };
        lines.AddRange(body.Select(row => Row(row, width)));
        var caption = table.QuerySelector("caption") is { } element
            ? string.Concat(element.ChildNodes.Select(inline)).Replace("\\\n", " ", StringComparison.Ordinal).Trim()
            : "";
        return (caption.Length > 0 ? "*" + caption + "*\n\n" : "") + string.Join('\n', lines);
    }

    private static List<string> Cells(IElement row, Func<INode, string> inline)
    {
        var cells = new List<string>();
        foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
        {
            var text = string.Concat(cell.ChildNodes.Select(inline))
                .Replace("\\\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Trim();
            cells.Add(text);
            var span = int.TryParse(cell.GetAttribute("colspan"), out var colspan) ? Math.Clamp(colspan, 1, 50) : 1;
            cells.AddRange(Enumerable.Repeat("", span - 1));
        }

        return cells;
    }

    private static string Row(List<string> cells, int width) =>
        "|" + string.Concat(cells.Concat(Enumerable.Repeat("", width - cells.Count)).Select(c => " " + c + " |"));
}
