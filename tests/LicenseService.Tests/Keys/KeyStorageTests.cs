// Over 250 lines: one abstract set of key-storage cases and its two stores (embedded Garnet, redis-server), which must stay side by side.
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using StackExchange.Redis;
using Xunit;

namespace ELicense.LicenseService.Tests.Keys;

/// <summary>Keys at rest and across restarts and replicas, on embedded Garnet and on redis-server.</summary>
public abstract class KeyStorageTests : IDisposable
{
    private readonly List<IDisposable> owned = [];

    /// <summary>A service on the test's store; <paramref name="extra"/> settings on top of the development ones. The caller owns it.</summary>
    /// <param name="time">A clock the test moves, and then the test runs the key rounds in place of the service's timer.</param>
    protected abstract ServiceHost Start(IReadOnlyDictionary<string, string?>? extra = null, TimeProvider? time = null);

    /// <summary>A second service on the same store, as another replica.</summary>
    protected abstract ServiceHost Replica(ServiceHost first, IReadOnlyDictionary<string, string?>? extra = null);

    protected T Own<T>(T item) where T : IDisposable
    {
        owned.Add(item);
        return item;
    }

    [Fact]
    public async Task No_value_in_the_store_holds_a_private_key_in_plaintext()
    {
        var host = Own(Start());
        var admin = host.Client(Tokens.Admin());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family = "RSA" })).StatusCode);
        await Requests.PostAsync(host.Client(Tokens.IssuerOf("business-licence")), Requests.For(ELicense.Testing.BaseTypes.BusinessLicence));
        var manager = host.Services.GetRequiredService<KeyManager>();
        var secrets = new List<(string What, byte[] Bytes)>();
        foreach (var signer in new[] { manager.Signer(KeyFamily.Sm2), manager.Signer(KeyFamily.Rsa), manager.ListSigner })
        {
            var pkcs8 = signer.Key.ExportPkcs8();
            secrets.Add(("PKCS#8", pkcs8));
            secrets.Add(("PKCS#8 base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(pkcs8))));
            switch (PrivateKeyFactory.CreateKey(pkcs8))
            {
                case ECPrivateKeyParameters ec:
                    secrets.Add(("SM2 d", ec.D.ToByteArrayUnsigned()));
                    secrets.Add(("SM2 d hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(ec.D.ToByteArrayUnsigned()))));
                    break;
                case RsaPrivateCrtKeyParameters rsa:
                    secrets.Add(("RSA p", rsa.P.ToByteArrayUnsigned()));
                    secrets.Add(("RSA q", rsa.Q.ToByteArrayUnsigned()));
                    secrets.Add(("RSA d", rsa.Exponent.ToByteArrayUnsigned()));
                    break;
            }
        }

        var values = await EveryValue(host.Store);

        Assert.True(values.Count >= 5, $"only {values.Count} values were read");
        foreach (var (key, value) in values)
        {
            Assert.DoesNotContain("PRIVATE KEY", Encoding.UTF8.GetString(value), StringComparison.Ordinal);
            foreach (var (what, secret) in secrets)
            {
                Assert.True(value.AsSpan().IndexOf(secret) < 0, $"{key} holds a {what} in plaintext");
            }
        }
    }

    [Fact]
    public async Task A_restart_makes_no_key_and_signs_with_the_same_one()
    {
        var host = Own(Start());
        var before = await host.Client(Tokens.Admin()).GetStringAsync("/api/v1/keys");
        var kid = Convert.ToHexStringLower(host.Services.GetRequiredService<KeyManager>().Signer(KeyFamily.Sm2).Kid);
        var audit = await host.Client(Tokens.Admin()).GetStringAsync("/api/v1/keys/audit?count=10000");

        var again = Restart(host);

        Assert.Equal(before, await again.Client(Tokens.Admin()).GetStringAsync("/api/v1/keys"));
        Assert.Equal(audit, await again.Client(Tokens.Admin()).GetStringAsync("/api/v1/keys/audit?count=10000"));
        Assert.Equal(kid, Convert.ToHexStringLower(again.Services.GetRequiredService<KeyManager>().Signer(KeyFamily.Sm2).Kid));
    }

    [Fact]
    public async Task Two_replicas_racing_a_rotation_make_exactly_one_key()
    {
        var first = Own(Start());
        var second = Own(Replica(first));
        var before = await KeyDrillTests.Keys(first.Client(Tokens.Admin()));

        var answers = await Task.WhenAll(
            first.Client(Tokens.Admin()).PostAsJsonAsync("/api/v1/keys/rotations", new { family = "SM2" }),
            second.Client(Tokens.Admin()).PostAsJsonAsync("/api/v1/keys/rotations", new { family = "SM2" }));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var after = await KeyDrillTests.Keys(second.Client(Tokens.Admin()));
        Assert.Equal(before.Count + 1, after.Count);
    }

    [Fact]
    public async Task Two_replicas_on_one_store_with_rotation_due_every_few_seconds_make_one_key_per_rotation_and_exactly_one_signs()
    {
        var fast = new Dictionary<string, string?>
        {
            ["Keys:PropagationTime"] = "00:00:02",
            ["Keys:RotationInterval"] = "00:00:05",
            ["Keys:CheckInterval"] = "00:00:01",
        };
        // Both replicas on one clock the test moves; the test is their timer: each second both run their round at once, so every
        // rotation is raced by two replicas, and what is made does not depend on the machine's speed (an RSA key takes a real second or two).
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = Own(Start(fast, time));
        var second = Own(Replica(first, fast));
        first.Client(null);
        second.Client(null);
        var managers = new[] { first, second }.Select(h => h.Services.GetRequiredService<KeyManager>()).ToList();
        const int seconds = 30;
        for (var i = 0; i < seconds; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAll(managers.Select(m => m.MaintainAsync()));
        }

        var audit = await managers[0].AuditAsync(10_000);
        var signers = audit.Where(a => a.Action == "created" && a.Detail != "trust-list signer").ToList();
        Assert.Equal(signers.Count, signers.Select(a => a.Kid).Distinct().Count());
        Assert.Equal(["Rsa", "Sm2"], signers.Select(a => a.Family).Distinct().Order());
        foreach (var family in signers.GroupBy(a => a.Family))
        {
            // The start's key, then exactly one per rotation interval (5 s), each made the propagation time (2 s) before the active one is due.
            var start = family.Min(a => a.At);
            var expected = Enumerable.Range(1, seconds).Select(k => TimeSpan.FromSeconds((5 * k) - 2)).TakeWhile(t => t <= TimeSpan.FromSeconds(seconds)).ToList();
            Assert.True(
                expected.SequenceEqual(family.Select(a => a.At - start).Order().Skip(1)),
                $"{family.Key}: " + string.Join("; ", audit.Where(a => a.Family == family.Key).Select(a => $"{a.At - start} {a.Action} {a.Kid} {a.Detail}")));
        }

        var listed = await KeyDrillTests.Keys(first.Client(Tokens.Admin()));
        foreach (var family in new[] { "SM2", "RSA" })
        {
            var keys = listed
                .Where(k => k.GetProperty("family").GetString() == family && k.GetProperty("purpose").GetString() == "document-signer" && k.GetProperty("activatedAt").ValueKind != System.Text.Json.JsonValueKind.Null)
                .OrderBy(k => k.GetProperty("activatedAt").GetDateTimeOffset()).ToList();
            Assert.Single(keys, k => k.GetProperty("state").GetString() == "active");
            for (var i = 1; i < keys.Count; i++)
            {
                // The old key retires at the very instant the new one activates (every 5 s): never two signers, never none.
                Assert.Equal(keys[i].GetProperty("activatedAt").GetDateTimeOffset(), keys[i - 1].GetProperty("retiredAt").GetDateTimeOffset());
                Assert.Equal(TimeSpan.FromSeconds(5), keys[i].GetProperty("activatedAt").GetDateTimeOffset() - keys[i - 1].GetProperty("activatedAt").GetDateTimeOffset());
            }
        }
    }

    [Fact]
    public async Task While_another_replica_holds_the_rotation_lock_a_revocation_still_brings_a_fresh_key_at_once()
    {
        var host = Own(Start(new Dictionary<string, string?> { ["Keys:CheckInterval"] = "00:00:00.250" }));
        var admin = host.Client(Tokens.Admin());
        var issuer = host.Client(Tokens.IssuerOf("business-licence"));
        var active = Convert.ToHexStringLower(host.Services.GetRequiredService<KeyManager>().Signer(KeyFamily.Sm2).Kid);
        RedisKey lockKey = "elicense:320000:keys-lock:{keys-320000}";
        Assert.True(await host.Store.StringSetAsync(lockKey, "another-replica", TimeSpan.FromSeconds(3), When.NotExists));

        // The replacement is made before the revocation's commit and committed with it: no gap without a signer, no lock needed.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/keys/{active}/revoke", new { reason = "drill" })).StatusCode);
        var issued = await Requests.PostAsync(issuer, Requests.For(ELicense.Testing.BaseTypes.BusinessLicence), "after-revocation");

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.NotEqual(active, KeyDrillTests.Kid((await Requests.JsonAsync(issued)).GetProperty("qr").GetString()!));
        var sm2 = (await KeyDrillTests.Keys(admin)).Where(k => k.GetProperty("family").GetString() == "SM2" && k.GetProperty("purpose").GetString() == "document-signer").ToList();
        Assert.Equal(["revoked", "active"], sm2.Select(k => k.GetProperty("state").GetString()));
        Assert.Equal(1, await host.CountAsync("licence"));
    }

    [Fact]
    public async Task A_new_KEK_rewraps_every_key_and_the_old_KEK_can_then_go()
    {
        var host = Own(Start());
        var kids = (await KeyDrillTests.Keys(host.Client(Tokens.Admin()))).Select(k => k.GetProperty("kid").GetString()).ToList();
        var folder = Directory.CreateTempSubdirectory("elicense-kek-").FullName;
        var oldLine = File.ReadAllLines(Path.Combine(RepositoryPaths.DevCertificates, "dev-kek.txt")).Single(l => l.StartsWith("dev-kek-1 ", StringComparison.Ordinal));
        var newLine = "kek-2 " + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var both = Path.Combine(folder, "both.txt");
        var onlyNew = Path.Combine(folder, "new.txt");
        var onlyOld = Path.Combine(folder, "old.txt");
        File.WriteAllLines(both, [newLine, oldLine]);
        File.WriteAllLines(onlyNew, [newLine]);
        File.WriteAllLines(onlyOld, [oldLine]);

        var rewrapped = Restart(host, new Dictionary<string, string?> { ["Keys:KekFile"] = both });
        var audit = await rewrapped.Services.GetRequiredService<KeyManager>().AuditAsync(10_000);
        Assert.Equal(kids.Order(), audit.Where(a => a.Action == "rewrapped").Select(a => a.Kid).Order());

        var withNewOnly = Restart(rewrapped, new Dictionary<string, string?> { ["Keys:KekFile"] = onlyNew });
        Assert.Equal(HttpStatusCode.Created, (await Requests.PostAsync(withNewOnly.Client(Tokens.IssuerOf("business-licence")), Requests.For(ELicense.Testing.BaseTypes.BusinessLicence))).StatusCode);

        var withOldOnly = Restart(withNewOnly, new Dictionary<string, string?> { ["Keys:KekFile"] = onlyOld });
        var error = Assert.ThrowsAny<Exception>(() => withOldOnly.Client(null));
        Assert.Contains("kek-2", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Stops a service and starts it again on the same store; the test owns the new one.</summary>
    protected abstract ServiceHost Restart(ServiceHost host, IReadOnlyDictionary<string, string?>? extra = null);

    /// <summary>Every value of every key: strings, hashes (fields and values), lists, sets.</summary>
    private static async Task<List<(string Key, byte[] Value)>> EveryValue(IDatabase store)
    {
        var values = new List<(string, byte[])>();
        var cursor = 0L;
        do
        {
            var reply = (RedisResult[])(await store.ExecuteAsync("SCAN", cursor.ToString(CultureInfo.InvariantCulture), "COUNT", "1000"))!;
            cursor = long.Parse((string)reply[0]!, CultureInfo.InvariantCulture);
            foreach (var key in ((RedisResult[])reply[1]!).Select(k => (string)k!))
            {
                var type = (await store.KeyTypeAsync(key)).ToString();
                IEnumerable<RedisValue> items = type switch
                {
                    "String" => [await store.StringGetAsync(key)],
                    "Hash" => (await store.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }),
                    "List" => await store.ListRangeAsync(key),
                    "Set" => await store.SetMembersAsync(key),
                    _ => throw new InvalidOperationException($"{key} is a {type}"),
                };
                values.AddRange(items.Select(v => (key, (byte[])v!)));
            }
        }
        while (cursor != 0);
        return values;
    }

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(owned))
        {
            item.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class GarnetKeyStorageTests : KeyStorageTests
{
    protected override ServiceHost Start(IReadOnlyDictionary<string, string?>? extra = null, TimeProvider? time = null) => new(extra: extra) { Time = time, TestRunsKeyRounds = time is not null };

    /// <summary>Another replica talks to the first one's embedded Garnet through its port.</summary>
    protected override ServiceHost Replica(ServiceHost first, IReadOnlyDictionary<string, string?>? extra = null) =>
        first.Replica(extra);

    protected override ServiceHost Restart(ServiceHost host, IReadOnlyDictionary<string, string?>? extra = null)
    {
        host.Dispose();
        return Own(new ServiceHost(dataFolder: host.DataFolder, extra: extra));
    }
}

public sealed class RedisKeyStorageTests : KeyStorageTests
{
    private readonly RedisServer redis;

    public RedisKeyStorageTests() => redis = Own(new RedisServer());

    protected override ServiceHost Start(IReadOnlyDictionary<string, string?>? extra = null, TimeProvider? time = null) =>
        new(redis.ConnectionString, extra: extra) { Time = time, TestRunsKeyRounds = time is not null };

    protected override ServiceHost Replica(ServiceHost first, IReadOnlyDictionary<string, string?>? extra = null) => Start(extra, first.Time);

    protected override ServiceHost Restart(ServiceHost host, IReadOnlyDictionary<string, string?>? extra = null)
    {
        host.Dispose();
        return Own(Start(extra));
    }
}
