using System.Net;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests;

/// <summary>Licences issued before a restart are served after it.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Licences_survive_a_restart_of_the_service_on_embedded_Garnet()
    {
        var folder = Directory.CreateTempSubdirectory("elicense-restart-").FullName;
        var (self, qr) = await IssueAndStop(new ServiceHost(dataFolder: folder));

        using var restarted = new ServiceHost(dataFolder: folder);
        await AssertServed(restarted, self, qr);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Licences_survive_a_restart_of_the_service_and_of_redis_server()
    {
        using var redis = new RedisServer();
        var (self, qr) = await IssueAndStop(new ServiceHost(redis.ConnectionString));
        redis.Stop();
        redis.Start();

        using var restarted = new ServiceHost(redis.ConnectionString);
        await AssertServed(restarted, self, qr);
    }

    private static async Task<(string Self, string Qr)> IssueAndStop(ServiceHost host)
    {
        using (host)
        {
            using var response = await Requests.PostAsync(host.Client(Tokens.IssuerOf("marriage-certificate")), Requests.For(BaseTypes.MarriageCertificate), "restart");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var issued = await Requests.JsonAsync(response);
            return (issued.GetProperty("links").GetProperty("self").GetString()!, issued.GetProperty("qr").GetString()!);
        }
    }

    private static async Task AssertServed(ServiceHost host, string self, string qr)
    {
        var client = host.Client(Tokens.IssuerOf("marriage-certificate"));
        var view = await Requests.JsonAsync(await client.GetAsync(self));
        Assert.Equal(qr, view.GetProperty("qr").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(self + "/pdf")).StatusCode);

        // The same idempotency key after the restart still finds the licence, so a retry never issues twice.
        using var retry = await Requests.PostAsync(client, Requests.For(BaseTypes.MarriageCertificate), "restart");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(qr, (await Requests.JsonAsync(retry)).GetProperty("qr").GetString());
    }
}
