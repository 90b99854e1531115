using ELicense.Testing;
using System.Net;
using System.Threading.RateLimiting;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Tests.Support;

namespace ELicense.LicenseService.Tests;

/// <summary>
/// Every anonymous route, the health probes included, is rate limited per client address (DESIGN §13):
/// over the limit a 429 Problem Details with <c>Retry-After</c>, the authenticated issuing API untouched,
/// and the client served again once its bucket has refilled.
/// </summary>
public sealed class AnonymousRateLimitTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly ServiceHost host = new(extra: new Dictionary<string, string?>
    {
        ["RateLimits:AnonymousPerSecond"] = "5",
        ["RateLimits:AnonymousBurst"] = "5",
    });

    [Fact]
    public async Task Each_anonymous_route_over_the_clients_limit_answers_429_with_Retry_After_while_issuing_is_served_and_later_serves_again()
    {
        var issuer = host.Client(Tokens.IssuerOf("business-licence"));
        var list = await IssueAsync(issuer);
        var anonymous = host.Client(null);
        // The health routes too: anonymous for the orchestrator's probes, and ready asks the store on every request.
        string[] routes =
        [
            "/.well-known/elicense/trust-list", "/.well-known/elicense/jwks.json", "/.well-known/elicense/catalogue", "/api/v1/status-lists", "/api/v1/status-lists/" + list,
            "/health/live", "/health/ready",
        ];

        foreach (var route in routes)
        {
            await RateLimitProbe.ServedAgainAsync(anonymous, route, Deadline);
            using var refused = await RateLimitProbe.HammerAsync(anonymous, route);

            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await Requests.JsonAsync(refused);
            Assert.Equal("urn:elicense:problem:rate-limited", problem.GetProperty("type").GetString());
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detailZh").GetString()), route);
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("titleZh").GetString()), route);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{route}: Retry-After {refused.Headers.RetryAfter}");

            // The same client, with its anonymous bucket empty, still issues.
            await IssueAsync(issuer);
        }

        foreach (var route in routes)
        {
            await RateLimitProbe.ServedAgainAsync(anonymous, route, Deadline);
        }
    }

    [Theory]
    [InlineData("RateLimits:AnonymousPerSecond", "0")]
    [InlineData("RateLimits:AnonymousBurst", "0")]
    [InlineData("RateLimits:AnonymousBurst", "4")]
    public void A_bad_limit_stops_start_up_naming_the_setting(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:AnonymousPerSecond"] = "5", ["RateLimits:AnonymousBurst"] = "5", [key] = value };
        var error = ServiceHost.StartFailure(settings);

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "-")]
    public void A_client_is_counted_by_its_IPv4_address_or_its_IPv6_64(string? address, string partition) =>
        Assert.Equal(partition, RateLimits.ClientNetwork(address is null ? null : IPAddress.Parse(address)));

    [Fact]
    public void Retry_After_is_the_limiters_estimate_rounded_up_to_whole_seconds_and_at_least_one()
    {
        using var slow = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMilliseconds(2_500), QueueLimit = 0, AutoReplenishment = false,
        });
        using var first = slow.AttemptAcquire();
        using var refused = slow.AttemptAcquire();

        Assert.True(first.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.Equal(3, RateLimits.RetryAfterSeconds(refused));
        Assert.Equal(1, RateLimits.RetryAfterSeconds(first));
    }

    public void Dispose() => host.Dispose();

    /// <summary>Issues a business licence and returns the name of its status list.</summary>
    private static async Task<string> IssueAsync(HttpClient issuer)
    {
        using var response = await Requests.PostAsync(issuer, Requests.For(BaseTypes.BusinessLicence));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var qr = (await Requests.JsonAsync(response)).GetProperty("qr").GetString()!;
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        return decoded!.Payload.Status.List;
    }
}
