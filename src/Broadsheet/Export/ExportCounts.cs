namespace Broadsheet.Export;

/// <summary>What an export or a backup holds, printed after the command and kept in a backup's manifest.</summary>
public sealed record ExportCounts(int Sections, int Tags, int Authors, int Articles, int Pages, int Comments, int Media, int Redirects)
{
    public string Summary() =>
        $"{Articles} articles, {Pages} pages, {Comments} comments, {Sections} sections, {Tags} tags, {Authors} authors, {Media} media items, {Redirects} redirects";
}

/// <summary>Counts that grow while an export streams through the tables.</summary>
internal sealed class ExportTally
{
    public int Sections { get; set; }
    public int Tags { get; set; }
    public int Authors { get; set; }
    public int Articles { get; set; }
    public int Pages { get; set; }
    public int Comments { get; set; }
    public int Media { get; set; }
    public int Redirects { get; set; }

    public ExportCounts ToCounts() => new(Sections, Tags, Authors, Articles, Pages, Comments, Media, Redirects);
}
