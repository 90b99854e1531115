using System.Net;
using System.Net.Http.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.LicenseService.Status;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ELicense.LicenseService.Tests;

/// <summary>
/// The status list's clock, on a <c>FakeTimeProvider</c> the test moves: a token's iat and exp are the
/// service's time and its lifetime; a change is published once the re-sign interval since the last
/// signing has passed, not before; an unchanged list is looked at again once per interval and not
/// signed again until half its lifetime is used up, and then it is — whatever the machine's own clock or speed.
/// </summary>
public sealed class StatusListClockTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly ServiceHost host;

    public StatusListClockTests() => host = new ServiceHost(extra: new Dictionary<string, string?>
    {
        ["Status:ResignInterval"] = "00:00:02",
        ["Status:Lifetime"] = "1.00:00:00",
    }) { Time = time, TestRunsKeyRounds = true };

    [Fact]
    public async Task A_change_shows_after_the_resign_interval_and_an_unchanged_list_is_resigned_at_half_its_lifetime()
    {
        var issued = await Requests.JsonAsync(await Requests.PostAsync(host.Client(Tokens.IssuerOf("business-licence")), Requests.For(BaseTypes.BusinessLicence)));
        Assert.True(QrPayloadCodec.TryDecode(issued.GetProperty("qr").GetString(), DecodeLimits.Default, out var decoded, out _));
        var reference = decoded.Payload.Status;
        var publisher = host.Services.GetRequiredService<StatusListPublisher>();
        var start = time.GetUtcNow();

        var first = await TokenAsync(reference.List);
        Assert.Equal(start, first.IssuedAt);
        Assert.Equal(start + Lifetime, first.ExpiresAt);
        Assert.Equal(LicenceStatus.Valid, first.List[(int)reference.Index]);
        var signatures = publisher.Signatures;

        // Suspended now: the list signed a moment ago still stands until the interval has passed, then the change is signed.
        using var suspend = await host.Client(Tokens.IssuerOf("business-licence"))
            .PostAsJsonAsync(issued.GetProperty("links").GetProperty("self").GetString() + "/suspend", new { reason = "涉嫌违法经营，暂停使用" });
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(first.IssuedAt, (await TokenAsync(reference.List)).IssuedAt);
        time.Advance(TimeSpan.FromSeconds(1));
        var changed = await TokenAsync(reference.List);
        Assert.Equal(start + Interval, changed.IssuedAt);
        Assert.Equal(LicenceStatus.Suspended, changed.List[(int)reference.Index]);
        Assert.Equal(signatures + 1, publisher.Signatures);

        // Unchanged: looked at again every interval, signed again only once half its lifetime is used up.
        time.Advance(Lifetime / 2 - TimeSpan.FromSeconds(1));
        Assert.Equal(changed.IssuedAt, (await TokenAsync(reference.List)).IssuedAt);
        Assert.Equal(signatures + 1, publisher.Signatures);
        // The next look, one interval after the last, finds half the lifetime used up.
        time.Advance(Interval);
        var renewed = await TokenAsync(reference.List);
        Assert.Equal(changed.IssuedAt + Lifetime / 2 + TimeSpan.FromSeconds(1), renewed.IssuedAt);
        Assert.Equal(renewed.IssuedAt + Lifetime, renewed.ExpiresAt);
        Assert.Equal(LicenceStatus.Suspended, renewed.List[(int)reference.Index]);
        Assert.Equal(signatures + 2, publisher.Signatures);
    }

    public void Dispose() => host.Dispose();

    private async Task<StatusListToken> TokenAsync(string list)
    {
        var bytes = await host.Client(null).GetByteArrayAsync("/api/v1/status-lists/" + list);
        Assert.True(StatusListTokenCodec.TryDecode(bytes, 1 << 24, out _, out var token, out var error), error);
        return token;
    }
}
