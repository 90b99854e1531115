using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests.Keys;

/// <summary>
/// Rotation under load and the compromise drill, each on its own store, run on embedded Garnet and
/// on redis-server. Propagation is shortened to seconds; the verifying side refreshes the trust list
/// on its own timer, as a department's verifier does.
/// </summary>
public abstract class KeyDrillTests
{
    public static readonly Dictionary<string, string?> FastLifecycle = new()
    {
        ["Keys:PropagationTime"] = "00:00:03",
        ["Keys:RotationInterval"] = "01:00:00",
        ["Keys:CheckInterval"] = "00:00:00.250",
    };

    protected abstract ServiceHost Start();

    [Fact]
    public async Task Three_rotations_under_continuous_issuing_and_verifying_fail_no_verification_and_old_licences_stay_valid()
    {
        using var host = Start();
        var issuer = host.Client(Tokens.IssuerOf("business-licence"));
        var admin = host.Client(Tokens.Admin());
        await using var verifier = new VerifyingSide(host.Client(null), TimeSpan.FromMilliseconds(500));
        await verifier.RefreshAsync();

        var failures = new List<string>();
        var kids = new HashSet<string>();
        var first = (string?)null;
        var verified = 0;
        using var done = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var response = await Requests.PostAsync(issuer, Requests.For(BaseTypes.BusinessLicence));
                var body = await Requests.JsonAsync(response);
                var qr = body.GetProperty("qr").GetString()!;
                first ??= qr;
                kids.Add(Kid(qr));
                var verdict = await verifier.VerifyAsync(qr);
                verified++;
                if (verdict.Kind != VerdictKind.Valid)
                {
                    failures.Add($"{Kid(qr)}: {string.Join(", ", verdict.Reasons.Select(r => r.Code))}");
                }

                // A steady stream (about 40 licences a second across every key change), not as many as the cores can sign.
                await Task.Delay(TimeSpan.FromMilliseconds(25));
            }
        });

        for (var rotation = 0; rotation < 3; rotation++)
        {
            var made = await admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family = "SM2" });
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
            var kid = (await Requests.JsonAsync(made)).GetProperty("kid").GetString()!;
            await WaitUntil(async () => (await Key(admin, kid)).GetProperty("state").GetString() == "active", TimeSpan.FromSeconds(30));
            await Task.Delay(1_000);
        }

        await done.CancelAsync();
        await load;

        Assert.Empty(failures);
        Assert.True(verified >= 20, $"only {verified} licences were verified");
        Assert.Equal(4, kids.Count);
        Assert.Equal(VerdictKind.Valid, (await verifier.VerifyAsync(first!)).Kind);
        var sm2 = (await Keys(admin)).Where(k => k.GetProperty("family").GetString() == "SM2" && k.GetProperty("purpose").GetString() == "document-signer").ToList();
        Assert.Equal(["retired", "retired", "retired", "active"], sm2.Select(k => k.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Revoking_the_active_key_voids_what_it_signed_after_the_next_refresh_and_a_fresh_key_signs_valid_licences()
    {
        using var host = Start();
        var issuer = host.Client(Tokens.IssuerOf("business-licence"));
        var admin = host.Client(Tokens.Admin());
        await using var verifier = new VerifyingSide(host.Client(null));
        await verifier.RefreshAsync();
        var before = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            before.Add((await Requests.JsonAsync(await Requests.PostAsync(issuer, Requests.For(BaseTypes.BusinessLicence)))).GetProperty("qr").GetString()!);
        }

        Assert.All(before, qr => Assert.Equal(VerdictKind.Valid, verifier.VerifyAsync(qr).Result.Kind));
        var stolen = Kid(before[0]);

        var revoked = await admin.PostAsJsonAsync($"/api/v1/keys/{stolen}/revoke", new { reason = "演练：签名密钥泄露 drill", compromisedAt = DateTimeOffset.UtcNow.AddHours(-1) });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await verifier.RefreshAsync();

        foreach (var qr in before)
        {
            var verdict = await verifier.VerifyAsync(qr);
            Assert.Equal(VerdictKind.Invalid, verdict.Kind);
            Assert.Equal(ReasonCode.KeyRevoked, verdict.Reasons[0].Code);
        }

        var after = (await Requests.JsonAsync(await Requests.PostAsync(issuer, Requests.For(BaseTypes.BusinessLicence)))).GetProperty("qr").GetString()!;
        Assert.NotEqual(stolen, Kid(after));
        Assert.Equal(VerdictKind.Valid, (await verifier.VerifyAsync(after)).Kind);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/keys/audit");
        var revocation = audit.EnumerateArray().Single(a => a.GetProperty("action").GetString() == "revoked");
        Assert.Equal(stolen, revocation.GetProperty("kid").GetString());
        Assert.Equal("admin-test", revocation.GetProperty("by").GetString());
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "activated" && a.GetProperty("kid").GetString() == Kid(after));
    }

    public static string Kid(string qr)
    {
        Assert.True(Core.Encoding.QrPayloadCodec.TryDecode(qr, Core.Encoding.DecodeLimits.Default, out var decoded, out _));
        return Convert.ToHexStringLower(decoded!.Message.Kid);
    }

    public static async Task<List<JsonElement>> Keys(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/api/v1/keys")).GetProperty("keys").EnumerateArray()];

    public static async Task<JsonElement> Key(HttpClient admin, string kid) => (await Keys(admin)).Single(k => k.GetProperty("kid").GetString() == kid);

    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan limit)
    {
        var end = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < end, "the condition did not hold in time");
            await Task.Delay(100);
        }
    }
}

public sealed class GarnetKeyDrillTests : KeyDrillTests
{
    protected override ServiceHost Start() => new(extra: FastLifecycle);
}

public sealed class RedisKeyDrillTests : KeyDrillTests, IDisposable
{
    private readonly RedisServer redis = new();

    protected override ServiceHost Start() => new(redis.ConnectionString, extra: FastLifecycle);

    public void Dispose() => redis.Dispose();
}
