using Broadsheet.Redirects;

namespace Broadsheet.Tests.Redirects;

public sealed class RedirectPathsTests
{
    [Theory]
    [InlineData("/2024/04/24/hello-world/", "/2024/04/24/hello-world")]
    [InlineData("/2024/04/24/Hello-World", "/2024/04/24/hello-world")]
    [InlineData("https://old.example.org/2024/04/24/hello-world/?utm_source=x#comments", "/2024/04/24/hello-world")]
    [InlineData("//old.example.org/about/", "/about")]
    [InlineData("/category/news/?paged=2", "/category/news")]
    [InlineData("archives/123", "/archives/123")]
    [InlineData("/2024/04/24/%E6%97%A5%E6%9C%AC/", "/2024/04/24/日本")]
    [InlineData("/wp-content/uploads/2020/05/Photo-300x200.JPG", "/wp-content/uploads/2020/05/photo-300x200.jpg")]
    [InlineData("https://old.example.org", "/")]
    [InlineData("/", "/")]
    public void An_old_address_is_stored_as_its_lowercase_path_without_trailing_slash_or_query(string input, string expected) =>
        Assert.Equal(expected, RedirectPaths.Normalize(input));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("mailto:editor@example.org")]
    [InlineData("ftp://old.example.org/file")]
    public void Something_that_is_not_a_web_address_has_no_path(string input) => Assert.Null(RedirectPaths.Normalize(input));

    [Theory]
    [InlineData("/2024/04/24/story", true)]
    [InlineData("/", true)]
    [InlineData("//evil.example/x", false)]
    [InlineData("/\\evil.example/x", false)]
    [InlineData("https://evil.example/x", false)]
    [InlineData("story", false)]
    [InlineData("/a\r\nSet-Cookie: x=y", false)]
    public void A_redirect_target_is_only_ever_a_path_on_this_site(string target, bool local) =>
        Assert.Equal(local, RedirectPaths.IsLocalTarget(target));
}
