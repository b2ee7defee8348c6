using System.Xml;

namespace Broadsheet.Tests.Export;

/// <summary>
/// A deliberately small reader of WordPress export files, written apart from the exporter: it fails on any XML that is
/// not well-formed and collects what an importer counts.
/// </summary>
public sealed class WxrReader
{
    private const string Wp = "http://wordpress.org/export/1.2/";
    private const string Content = "http://purl.org/rss/1.0/modules/content/";
    private const string Excerpt = "http://wordpress.org/export/1.2/excerpt/";

    public sealed class Item
    {
        public string Title { get; set; } = "";
        public string Content { get; set; } = "";
        public string Excerpt { get; set; } = "";
        public int PostId { get; set; }
        public string PostType { get; set; } = "";
        public string Status { get; set; } = "";
        public string PostName { get; set; } = "";
        public string PostDate { get; set; } = "";
        public string PostDateGmt { get; set; } = "";
        public string Sticky { get; set; } = "";
        public List<(string Domain, string Nicename, string Name)> Categories { get; } = [];
        public Dictionary<string, string> Meta { get; } = [];
        public List<WxrComment> Comments { get; } = [];
    }

    public sealed record WxrComment(int Id, int Parent, string Approved, string Type, string Author, string Content);

    public string Version { get; private set; } = "";
    public int Authors { get; private set; }
    public int Categories { get; private set; }
    public int Tags { get; private set; }
    public List<Item> Items { get; } = [];

    public static WxrReader Read(string path)
    {
        var wxr = new WxrReader();
        using var xml = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        Item? item = null;
        // ReadElementContentAsString leaves the reader on the node after the element, which may be the next element.
        var onNext = false;
        string Take()
        {
            onNext = true;
            return xml.ReadElementContentAsString();
        }

        while (onNext || xml.Read())
        {
            onNext = false;
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.NamespaceURI, xml.LocalName)
            {
                case (Wp, "wxr_version"): wxr.Version = Take(); break;
                case (Wp, "author"): wxr.Authors++; break;
                case (Wp, "category") when item is null: wxr.Categories++; break;
                case (Wp, "tag"): wxr.Tags++; break;
                case ("", "item"): item = new Item(); wxr.Items.Add(item); break;
                case ("", "title") when item is not null: item.Title = Take(); break;
                case (Content, "encoded") when item is not null: item.Content = Take(); break;
                case (Excerpt, "encoded") when item is not null: item.Excerpt = Take(); break;
                case (Wp, "post_id") when item is not null: item.PostId = int.Parse(Take(), System.Globalization.CultureInfo.InvariantCulture); break;
                case (Wp, "post_type") when item is not null: item.PostType = Take(); break;
                case (Wp, "status") when item is not null: item.Status = Take(); break;
                case (Wp, "post_name") when item is not null: item.PostName = Take(); break;
                case (Wp, "post_date") when item is not null: item.PostDate = Take(); break;
                case (Wp, "post_date_gmt") when item is not null: item.PostDateGmt = Take(); break;
                case (Wp, "is_sticky") when item is not null: item.Sticky = Take(); break;
                case ("", "category") when item is not null:
                    item.Categories.Add((xml.GetAttribute("domain") ?? "", xml.GetAttribute("nicename") ?? "", Take()));
                    break;
                case (Wp, "postmeta") when item is not null:
                    var meta = ReadChildren(xml);
                    item.Meta[meta["meta_key"]] = meta["meta_value"];
                    break;
                case (Wp, "comment") when item is not null:
                    var comment = ReadChildren(xml);
                    item.Comments.Add(new WxrComment(int.Parse(comment["comment_id"], System.Globalization.CultureInfo.InvariantCulture),
                        int.Parse(comment["comment_parent"], System.Globalization.CultureInfo.InvariantCulture), comment["comment_approved"],
                        comment["comment_type"], comment["comment_author"], comment["comment_content"]));
                    break;
            }
        }

        return wxr;
    }

    private static Dictionary<string, string> ReadChildren(XmlReader xml)
    {
        var values = new Dictionary<string, string>();
        using var children = xml.ReadSubtree();
        children.Read();
        while (children.Read())
        {
            if (children.NodeType == XmlNodeType.Element)
            {
                var name = children.LocalName;
                values[name] = children.ReadElementContentAsString();
                // ReadElementContentAsString moves past the end tag; the next element may already be current.
                while (children.NodeType == XmlNodeType.Element)
                {
                    name = children.LocalName;
                    values[name] = children.ReadElementContentAsString();
                }
            }
        }

        return values;
    }
}
