using System.Net;
using Broadsheet.Webhooks;

namespace Broadsheet.Tests.Webhooks;

public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.10.1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("::", "unspecified")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::ffff:10.0.0.1", "private")]
    public void Internal_addresses_are_refused_with_the_reason(string address, string reason)
    {
        var refusal = WebhookTargets.Refusal(IPAddress.Parse(address));
        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("::ffff:93.184.215.14")]
    public void Public_addresses_are_allowed(string address) => Assert.Null(WebhookTargets.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("ftp://example.org/hook", "http://")]
    [InlineData("not a url", "http://")]
    [InlineData("https://user:pass@example.org/hook", "user name and password")]
    [InlineData("http://localhost:8080/hook", "localhost")]
    [InlineData("http://hooks.localhost/hook", "localhost")]
    [InlineData("http://127.0.0.1/hook", "loopback")]
    [InlineData("http://[::ffff:169.254.169.254]/latest", "metadata")]
    [InlineData("http://192.168.0.10/hook", "private")]
    public async Task A_typed_url_that_is_not_allowed_gets_a_clear_message(string url, string message)
    {
        var problem = await WebhookTargets.CheckUrlAsync(url, allowPrivate: false, resolve: false, CancellationToken.None);
        Assert.NotNull(problem);
        Assert.Contains(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_https_url_is_accepted_and_private_ones_are_when_the_switch_allows_them()
    {
        Assert.Null(await WebhookTargets.CheckUrlAsync("https://example.org/hooks/broadsheet", allowPrivate: false, resolve: false, CancellationToken.None));
        Assert.Null(await WebhookTargets.CheckUrlAsync("http://127.0.0.1:9000/hook", allowPrivate: true, resolve: false, CancellationToken.None));
        Assert.Null(await WebhookTargets.CheckUrlAsync("http://10.1.2.3/hook", allowPrivate: true, resolve: false, CancellationToken.None));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/")]
    [InlineData("http://[fd00:ec2::254]/latest/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    public async Task The_cloud_metadata_address_is_refused_even_where_private_targets_are_allowed(string url)
    {
        Assert.Contains("metadata", await WebhookTargets.CheckUrlAsync(url, allowPrivate: true, resolve: false, CancellationToken.None), StringComparison.Ordinal);
        var host = new Uri(url).IdnHost;
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => WebhookTargets.ResolveAsync(host, allowPrivate: true, resolve: true, CancellationToken.None));
    }

    [Fact]
    public void Signatures_follow_the_standard_webhooks_test_vector()
    {
        // The example in the Standard Webhooks specification.
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }
}
