using System.Globalization;
using System.Security;
using System.Text;

namespace Broadsheet.Tests.Import;

/// <summary>Writes a small WordPress export for one test: posts, attachments and comments with ids of the test's choosing.</summary>
public sealed class WxrBuilder(string site = "https://old.example.com")
{
    private readonly StringBuilder items = new();

    public string Site { get; } = site;

    public WxrBuilder Post(int id, string title, string content, string status = "publish", string slug = "", string? excerpt = null,
        string date = "2021-03-04 10:00:00", string? gmt = "2021-03-04 09:00:00", string type = "post", string creator = "editor",
        string categories = "", string meta = "", string comments = "")
    {
        var link = type == "page" ? $"{Site}/{slug}/" : $"{Site}/2021/03/04/{slug}/";
        items.Append(CultureInfo.InvariantCulture, $"""
            <item>
              <title>{SecurityElement.Escape(title)}</title>
              <link>{link}</link>
              <dc:creator><![CDATA[{creator}]]></dc:creator>
              <content:encoded>{Cdata(content)}</content:encoded>
              <excerpt:encoded>{Cdata(excerpt ?? "")}</excerpt:encoded>
              <wp:post_id>{id}</wp:post_id>
              <wp:post_date>{date}</wp:post_date>
              <wp:post_date_gmt>{gmt ?? "0000-00-00 00:00:00"}</wp:post_date_gmt>
              <wp:comment_status>open</wp:comment_status>
              <wp:post_name>{slug}</wp:post_name>
              <wp:status>{status}</wp:status>
              <wp:post_parent>0</wp:post_parent>
              <wp:post_type>{type}</wp:post_type>
              {categories}
              {meta}
              {comments}
            </item>

            """);
        return this;
    }

    public WxrBuilder Attachment(int id, string relativePath, int parent = 0, string alt = "")
    {
        items.Append(CultureInfo.InvariantCulture, $"""
            <item>
              <title>{Path.GetFileNameWithoutExtension(relativePath)}</title>
              <link>{Site}/?attachment_id={id}</link>
              <wp:post_id>{id}</wp:post_id>
              <wp:post_type>attachment</wp:post_type>
              <wp:status>inherit</wp:status>
              <wp:post_parent>{parent}</wp:post_parent>
              <wp:attachment_url>{Site}/wp-content/uploads/{relativePath}</wp:attachment_url>
              <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value><![CDATA[{relativePath}]]></wp:meta_value></wp:postmeta>
              <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{Cdata(alt)}</wp:meta_value></wp:postmeta>
            </item>

            """);
        return this;
    }

    public static string Comment(int id, string author, string content, string approved = "1", int parent = 0, string type = "") => $"""
        <wp:comment>
          <wp:comment_id>{id}</wp:comment_id>
          <wp:comment_author>{Cdata(author)}</wp:comment_author>
          <wp:comment_author_email>reader{id}@example.org</wp:comment_author_email>
          <wp:comment_author_url>https://reader.example.org/{id}</wp:comment_author_url>
          <wp:comment_author_IP>192.0.2.{id % 250}</wp:comment_author_IP>
          <wp:comment_date>2021-03-05 10:00:00</wp:comment_date>
          <wp:comment_date_gmt>2021-03-05 09:00:00</wp:comment_date_gmt>
          <wp:comment_content>{Cdata(content)}</wp:comment_content>
          <wp:comment_approved>{approved}</wp:comment_approved>
          <wp:comment_type>{type}</wp:comment_type>
          <wp:comment_parent>{parent}</wp:comment_parent>
        </wp:comment>
        """;

    public static string Category(string slug, string name) => $"<category domain=\"category\" nicename=\"{slug}\">{Cdata(name)}</category>";

    public static string Thumbnail(int attachmentId) =>
        $"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{attachmentId}</wp:meta_value></wp:postmeta>";

    /// <summary>CDATA that holds anything, even "]]>" (split the way WordPress does).</summary>
    public static string Cdata(string text) => "<![CDATA[" + text.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>";

    public string Build() => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
          <title>Old site</title>
          <link>{Site}</link>
          <wp:wxr_version>1.2</wp:wxr_version>
          <wp:base_site_url>{Site}</wp:base_site_url>
          <wp:base_blog_url>{Site}</wp:base_blog_url>
          <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_email><![CDATA[editor@old.example.com]]></wp:author_email><wp:author_display_name><![CDATA[Erin Editor]]></wp:author_display_name></wp:author>
        {items}
        </channel>
        </rss>
        """;

    public string Save()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wxr-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, Build(), new UTF8Encoding(false));
        return path;
    }
}
