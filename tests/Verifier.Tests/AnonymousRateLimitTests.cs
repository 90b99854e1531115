using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;

namespace ELicense.Verifier.Tests;

/// <summary>
/// The Verifier's anonymous routes — the trust overview and the health probes — are rate limited per
/// client network (DESIGN §13), against a Verifier process: over the limit a 429 Problem Details with
/// <c>Retry-After</c>, the authenticated verify API untouched, the client served again once its bucket
/// has refilled; a bad limit stops start-up naming the setting.
/// </summary>
public sealed class AnonymousRateLimitTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly Province province = new();
    private readonly List<ServiceProcess> verifiers = [];

    [Fact]
    public async Task Each_anonymous_route_over_the_clients_limit_answers_429_with_Retry_After_while_verifying_is_served_and_later_serves_again()
    {
        await province.Process.StartAsync();
        var verifier = Verifier(new Dictionary<string, string> { ["Verifier:AnonymousRateLimitPerSecond"] = "5", ["Verifier:AnonymousRateLimitBurst"] = "5" });
        await verifier.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = verifier.BaseAddress };
        using var clerk = new HttpClient { BaseAddress = verifier.BaseAddress };
        var token = await province.Process.RunCommandAsync("token", "--sub", "dept-rate", "--role", "verifier", "--audience", "elicense-verifier");
        clerk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Output.Trim());
        string[] routes = ["/api/v1/trust-lists", "/health/live", "/health/ready"];

        foreach (var route in routes)
        {
            await RateLimitProbe.ServedAgainAsync(anonymous, route, Deadline);
            using var refused = await RateLimitProbe.HammerAsync(anonymous, route);

            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("urn:elicense:problem:rate-limited", problem.GetProperty("type").GetString());
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{route}: Retry-After {refused.Headers.RetryAfter}");

            // The same address with a token still verifies: the verify API counts by caller, not with the anonymous routes.
            using var verified = await clerk.PostAsync("/api/v1/verify", new StringContent(
                "{\"qr\":\"ELC1:NOTHING\",\"purpose\":\"rate test\"}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        }

        foreach (var route in routes)
        {
            await RateLimitProbe.ServedAgainAsync(anonymous, route, Deadline);
        }
    }

    [Theory]
    [InlineData("Verifier:AnonymousRateLimitPerSecond", "0")]
    [InlineData("Verifier:AnonymousRateLimitBurst", "4")]
    public async Task A_bad_anonymous_limit_stops_start_up_naming_the_setting(string key, string value)
    {
        var verifier = Verifier(new Dictionary<string, string> { ["Verifier:AnonymousRateLimitPerSecond"] = "5", ["Verifier:AnonymousRateLimitBurst"] = "5", [key] = value });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(verifier.StartAsync);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        verifiers.ForEach(v => v.Dispose());
        province.Dispose();
    }

    private ServiceProcess Verifier(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000",
            ["Verifier:Provinces:0:TrustListUrl"] = province.TrustListUrl,
            ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-verifier-").FullName,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var process = new ServiceProcess("Verifier", "ELicense.Verifier", settings);
        verifiers.Add(process);
        return process;
    }
}
