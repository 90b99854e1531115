using ELicense.Testing;
using System.Net;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Tests.Support;

namespace ELicense.LicenseService.Tests;

public abstract class IdempotencyTests(ServiceHost host)
{
    [Fact]
    public async Task Same_key_and_body_return_the_same_licence_and_another_body_answers_409()
    {
        var client = host.Client(Tokens.IssuerOf("id-card"));
        var key = "idem-" + Guid.NewGuid();
        var request = Requests.For(BaseTypes.IdCard);
        var before = await host.CountAsync("licence");

        using var first = await Requests.PostAsync(client, request, key);
        using var again = await Requests.PostAsync(client, request, key);
        var other = request with { Holder = request.Holder! with { Name = "王五" } };
        using var conflict = await Requests.PostAsync(client, other, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await Requests.JsonAsync(first)).GetProperty("id").GetString(), (await Requests.JsonAsync(again)).GetProperty("id").GetString());
        Assert.Equal((await Requests.JsonAsync(first)).GetProperty("qr").GetString(), (await Requests.JsonAsync(again)).GetProperty("qr").GetString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(before + 1, await host.CountAsync("licence"));
    }

    [Fact]
    public async Task Without_a_key_each_request_issues_a_new_licence_readable_by_issuer_admin_and_holder_only()
    {
        var request = Requests.For(BaseTypes.IdCard);
        var client = host.Client(Tokens.IssuerOf("id-card"));
        var a = await Requests.JsonAsync(await Requests.PostAsync(client, request));
        var b = await Requests.JsonAsync(await Requests.PostAsync(client, request));
        Assert.NotEqual(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.NotEqual(a.GetProperty("status").ToString(), b.GetProperty("status").ToString());

        var self = a.GetProperty("links").GetProperty("self").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.Client(Tokens.Admin()).GetAsync(self)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client(Tokens.Citizen(request.Holder!.IdNumber!)).GetAsync(self)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client(Tokens.Citizen("11010519491231002X" == request.Holder.IdNumber ? "110105194912310029" : "11010519491231002X")).GetAsync(self)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client(Tokens.IssuerOf("business-licence")).GetAsync(self)).StatusCode);

        var view = await Requests.JsonAsync(await client.GetAsync(self));
        Assert.Equal(request.Holder.Name, view.GetProperty("holder").GetProperty("name").GetString());
        Assert.Equal("居民身份证", view.GetProperty("typeName").GetString());
    }
}

public sealed class RedisIdempotencyTests(RedisServiceFixture fixture) : IdempotencyTests(fixture.Host), IClassFixture<RedisServiceFixture>;

public sealed class ClusterIdempotencyTests(ClusterServiceFixture fixture) : IdempotencyTests(fixture.Host), IClassFixture<ClusterServiceFixture>;
