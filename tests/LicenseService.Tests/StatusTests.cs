using System.Net;
using System.Net.Http.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Verification;
using ELicense.DevPki;
using ELicense.LicenseService.Endpoints;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ELicense.LicenseService.Tests;

/// <summary>Revoke, suspend and reinstate, seen through the signed status list by the core pipeline.</summary>
public abstract class StatusTests(ServiceHost host)
{
    private static readonly Dictionary<string, string?> ImmediateResigning = new() { ["Status:ResignInterval"] = "00:00:00" };

    protected static Dictionary<string, string?> Settings => ImmediateResigning;

    [Fact]
    public async Task Revoke_suspend_and_reinstate_show_in_the_next_list_and_in_the_verdict()
    {
        var (revoked, revokedQr) = await Issue();
        var (suspended, suspendedQr) = await Issue();
        Assert.Equal(VerdictKind.Valid, (await Verify(revokedQr)).Kind);

        Assert.Equal(HttpStatusCode.OK, (await Change(revoked, "revoke", "伪造材料骗取登记")).StatusCode);
        var verdict = await Verify(revokedQr);
        Assert.Equal(VerdictKind.Invalid, verdict.Kind);
        Assert.Equal(ReasonCode.Revoked, verdict.FirstReason!.Code);

        Assert.Equal(HttpStatusCode.OK, (await Change(suspended, "suspend", "涉嫌违法经营，暂停使用")).StatusCode);
        Assert.Equal(ReasonCode.Suspended, (await Verify(suspendedQr)).FirstReason!.Code);
        Assert.Equal(HttpStatusCode.OK, (await Change(suspended, "reinstate", "调查结束")).StatusCode);
        Assert.Equal(VerdictKind.Valid, (await Verify(suspendedQr)).Kind);

        using var again = await Change(revoked, "reinstate", "申请恢复");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(ReasonCode.Revoked, (await Verify(revokedQr)).FirstReason!.Code);

        var list = (await Requests.JsonAsync(await host.Client(Tokens.Admin()).GetAsync(revoked))).GetProperty("status").GetProperty("list").GetString()!;
        var audit = await host.Services.GetRequiredService<ELicense.LicenseService.Storage.StatusListStore>().AuditAsync(list);
        var trail = audit.Where(a => revoked.EndsWith(Uri.EscapeDataString(a.Licence), StringComparison.Ordinal)).ToList();
        Assert.Equal("revoke", Assert.Single(trail).Change);
        Assert.Equal("伪造材料骗取登记", trail[0].Reason);
        Assert.Equal(0, trail[0].Previous);
    }

    [Fact]
    public async Task Unknown_licence_missing_reason_and_wrong_role_change_nothing()
    {
        var (self, qr) = await Issue();
        Assert.Equal(HttpStatusCode.NotFound, (await Change("/api/v1/licences/1.2.156.3005.2.nothing", "revoke", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Change(self, "revoke", "")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Change(self, "revoke", new string('因', 201))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Change(self, "revoke", "x", Tokens.IssuerOf("id-card"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Change(self, "revoke", "x", Tokens.Citizen("11010519491231002X"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client(null).PostAsJsonAsync(self + "/revoke", new { reason = "x" })).StatusCode);
        Assert.Equal(VerdictKind.Valid, (await Verify(qr)).Kind);
    }

    [Fact]
    public async Task Status_list_route_takes_only_the_list_name_and_no_credentials()
    {
        var endpoint = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/api/v1/status-lists/{list}");
        Assert.Equal(["list"], endpoint.RoutePattern.Parameters.Select(p => p.Name));
        Assert.Contains(endpoint.Metadata, m => m is Microsoft.AspNetCore.Authorization.IAllowAnonymous);

        var (self, _) = await Issue();
        var list = (await Requests.JsonAsync(await host.Client(Tokens.Admin()).GetAsync(self))).GetProperty("status").GetProperty("list").GetString()!;
        var anonymous = host.Client(null);
        using var response = await anonymous.GetAsync("/api/v1/status-lists/" + list);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatusEndpoints.TokenMediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl!.Public);

        var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/status-lists/" + list);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(conditional)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/status-lists/310000-0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/status-lists/320000-x")).StatusCode);
    }

    [Fact]
    public async Task Ten_thousand_names_of_lists_no_licence_points_at_are_all_404_and_nothing_is_signed()
    {
        await Issue();
        var publisher = host.Services.GetRequiredService<ELicense.LicenseService.Status.StatusListPublisher>();
        var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/v1/status-lists/320000-0")).StatusCode);
        var signed = publisher.Signatures;

        // Before, any "320000-<digits>" was signed as an all-valid list: a licence pointing at one could never be revoked.
        var names = Enumerable.Range(0, 10_000).Select(i => (i % 4) switch
        {
            0 => "320000-" + (1_000 + i),
            1 => "320000-0" + i,
            2 => "320000-" + (999_999_999 - i),
            _ => "320000-" + i + "0000000000",
        }).ToList();
        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, token) =>
        {
            using var response = await anonymous.GetAsync("/api/v1/status-lists/" + name, token);
            answers.Add(response.StatusCode);
        });

        Assert.Equal(10_000, answers.Count(a => a == HttpStatusCode.NotFound));
        Assert.Equal(signed, publisher.Signatures);
    }

    [Fact]
    public async Task The_index_names_every_list_that_holds_a_licence_and_each_name_serves_a_signed_list()
    {
        var (_, qr) = await Issue();
        var anonymous = host.Client(null);

        var index = await Requests.JsonAsync(await anonymous.GetAsync("/api/v1/status-lists"));

        var lists = index.GetProperty("lists").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.True(Core.Encoding.QrPayloadCodec.TryDecode(qr, Core.Encoding.DecodeLimits.Default, out var decoded, out _));
        Assert.Contains(decoded!.Payload.Status.List, lists);
        foreach (var list in lists)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/v1/status-lists/" + list)).StatusCode);
        }
    }

    private async Task<(string Self, string Qr)> Issue()
    {
        var issued = await Requests.JsonAsync(await Requests.PostAsync(host.Client(Tokens.IssuerOf("business-licence")), Requests.For(BaseTypes.BusinessLicence)));
        return (issued.GetProperty("links").GetProperty("self").GetString()!, issued.GetProperty("qr").GetString()!);
    }

    private Task<HttpResponseMessage> Change(string self, string verb, string reason, string? token = null) =>
        host.Client(token ?? Tokens.IssuerOf("business-licence")).PostAsJsonAsync(self + "/" + verb, new { reason });

    /// <summary>Fetches the licence's status list as a verifier would, checks its signature, and runs the pipeline.</summary>
    private async Task<Verdict> Verify(string qr)
    {
        var now = DateTimeOffset.UtcNow;
        var trust = DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2).Trust(now);
        Assert.True(Core.Encoding.QrPayloadCodec.TryDecode(qr, Core.Encoding.DecodeLimits.Default, out var decoded, out _));
        var list = decoded!.Payload.Status.List;
        var token = await host.Client(null).GetByteArrayAsync("/api/v1/status-lists/" + list);
        Assert.True(StatusListTokenCodec.TryVerify(token, trust, "320000", list, DateTimeOffset.UtcNow, null, 1 << 20, out var verified, out var error), error);
        var collection = new StatusListCollection();
        collection.Offer(verified!, DateTimeOffset.UtcNow);
        return new VerificationPipeline().Verify(qr, trust, collection, now);
    }
}

public sealed class GarnetStatusTests(GarnetStatusTests.Fixture fixture) : StatusTests(fixture.Host), IClassFixture<GarnetStatusTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ServiceHost Host { get; } = new(extra: Settings);

        public void Dispose() => Host.Dispose();
    }
}

public sealed class RedisStatusTests(RedisStatusTests.Fixture fixture) : StatusTests(fixture.Host), IClassFixture<RedisStatusTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        private readonly RedisServer redis = new();

        public Fixture() => Host = new ServiceHost(redis.ConnectionString, extra: Settings);

        public ServiceHost Host { get; }

        public void Dispose()
        {
            Host.Dispose();
            redis.Dispose();
        }
    }
}

public sealed class ClusterStatusTests(ClusterStatusTests.Fixture fixture) : StatusTests(fixture.Host), IClassFixture<ClusterStatusTests.Fixture>
{
    public sealed class Fixture() : ClusterServiceFixture(Settings);
}
