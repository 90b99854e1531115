using System.Net;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests;

/// <summary>Redis goes away mid-test and comes back: no licence is returned while it is away, and a retry issues exactly once.</summary>
public sealed class StoreFailureTests
{
    [Fact]
    public async Task With_Redis_stopped_issuing_answers_503_and_after_restart_a_retry_issues_exactly_once()
    {
        using var redis = new RedisServer();
        using var host = new ServiceHost(redis.ConnectionString);
        var client = host.Client(Tokens.IssuerOf("id-card"));
        var request = Requests.For(BaseTypes.IdCard);
        using (var warmUp = await Requests.PostAsync(client, request))
        {
            Assert.Equal(HttpStatusCode.Created, warmUp.StatusCode);
        }

        redis.Stop();
        using (var down = await Requests.PostAsync(client, request, "outage-1"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            var problem = await Requests.JsonAsync(down);
            Assert.Equal("urn:elicense:problem:store-unavailable", problem.GetProperty("type").GetString());
            Assert.False(problem.TryGetProperty("qr", out _));
            Assert.NotNull(down.Headers.RetryAfter);
        }

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        redis.Start();
        await WaitUntilReady(client);
        Assert.Equal(1, await host.CountAsync("licence"));

        using var retry = await Requests.PostAsync(client, request, "outage-1");
        using var again = await Requests.PostAsync(client, request, "outage-1");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, await host.CountAsync("licence"));
    }

    internal static async Task WaitUntilReady(HttpClient client)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The service did not become ready again within 10 s.");
    }
}
