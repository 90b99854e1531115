using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELicense.LicenseService.Tests.Keys;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using StackExchange.Redis;
using Xunit;

namespace ELicense.LicenseService.Tests.Compromise;

/// <summary>
/// A key that can no longer sign keeps no private key: a retired key's is erased when its signing
/// period ends, a revoked key's at revocation. A scan of every value in the store then finds
/// neither envelope, and the certificates stay for verification.
/// </summary>
public abstract class KeyErasureTests
{
    protected abstract ServiceHost Start();

    [Fact]
    public async Task After_a_rotation_and_a_revocation_no_value_in_the_store_holds_the_private_key_of_the_retired_or_the_revoked_key()
    {
        using var host = Start();
        var admin = host.Client(Tokens.Admin());
        var first = (await KeyDrillTests.Keys(admin)).Single(k => k.GetProperty("family").GetString() == "SM2" && k.GetProperty("state").GetString() == "active"
                && k.GetProperty("purpose").GetString() == "document-signer")
            .GetProperty("kid").GetString()!;
        var envelopes = new Dictionary<string, string> { [first] = await EnvelopeAsync(host, first) };

        using var rotated = await admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family = "SM2" });
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var second = (await Requests.JsonAsync(rotated)).GetProperty("kid").GetString()!;
        envelopes[second] = await EnvelopeAsync(host, second);
        await KeyDrillTests.WaitUntil(async () => (await KeyDrillTests.Key(admin, first)).GetProperty("state").GetString() == "retired", TimeSpan.FromSeconds(30));
        using var revoked = await admin.PostAsJsonAsync($"/api/v1/keys/{second}/revoke", new { reason = "drill" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        await KeyDrillTests.WaitUntil(async () => !(await KeyDrillTests.Key(admin, first)).GetProperty("privateKeyHeld").GetBoolean(), TimeSpan.FromSeconds(30));
        foreach (var kid in envelopes.Keys)
        {
            var key = await KeyDrillTests.Key(admin, kid);
            Assert.False(key.GetProperty("privateKeyHeld").GetBoolean());
            Assert.NotEqual(JsonValueKind.Null, key.GetProperty("privateKeyErasedAt").ValueKind);
        }

        var values = await EveryValueAsync(host.Store);
        foreach (var (kid, envelope) in envelopes)
        {
            Assert.DoesNotContain(envelope, values, StringComparison.Ordinal);
            Assert.DoesNotContain(Encoding.Latin1.GetString(Convert.FromBase64String(envelope)), values, StringComparison.Ordinal);
        }

        Assert.Contains(first, values, StringComparison.Ordinal);
        await ScanFilesAsync(host, envelopes.Values);
    }

    /// <summary>What else holds the store's data on disk (Garnet's checkpoints and append-only file) is scanned too.</summary>
    protected virtual Task ScanFilesAsync(ServiceHost host, IEnumerable<string> envelopes) => Task.CompletedTask;

    /// <summary>The base64 private-key envelope of a key, from the store or from the key vault beside the embedded store.</summary>
    private static async Task<string> EnvelopeAsync(ServiceHost host, string kid)
    {
        var record = JsonDocument.Parse((string)(await host.Store.HashGetAsync("elicense:320000:keys:{keys-320000}", kid))!).RootElement;
        var envelope = record.GetProperty("privateKeyInVault").GetBoolean()
            ? Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(host.DataFolder, "keys", kid + ".elk")))
            : record.GetProperty("privateKey").GetString()!;
        Assert.True(envelope.Length > 100);
        return envelope;
    }

    /// <summary>Every value of every key in the store, of every Redis type, as one text.</summary>
    public static async Task<string> EveryValueAsync(IDatabase store)
    {
        var text = new StringBuilder();
        long cursor = 0;
        do
        {
            var reply = (RedisResult[])(await store.ExecuteAsync("SCAN", cursor, "COUNT", 1000))!;
            cursor = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var name in ((RedisResult[])reply[1]!).Select(r => (RedisKey)(string)r!))
            {
                text.AppendLine(name.ToString());
                switch (await store.KeyTypeAsync(name))
                {
                    case RedisType.String: text.AppendLine(Encoding.Latin1.GetString((byte[])(await store.StringGetAsync(name))!)); break;
                    case RedisType.Hash: foreach (var entry in await store.HashGetAllAsync(name)) text.AppendLine($"{entry.Name}={entry.Value}"); break;
                    case RedisType.List: foreach (var item in await store.ListRangeAsync(name)) text.AppendLine(item); break;
                    case RedisType.Set: foreach (var item in await store.SetMembersAsync(name)) text.AppendLine(item); break;
                    case RedisType.SortedSet: foreach (var item in await store.SortedSetRangeByRankAsync(name)) text.AppendLine(item); break;
                }
            }
        }
        while (cursor != 0);
        return text.ToString();
    }
}

public sealed class GarnetKeyErasureTests : KeyErasureTests
{
    protected override ServiceHost Start() => new(extra: KeyDrillTests.FastLifecycle);

    /// <summary>Every file of the data folder: the append-only file, the checkpoints, the key vault.</summary>
    protected override async Task ScanFilesAsync(ServiceHost host, IEnumerable<string> envelopes)
    {
        var files = Directory.EnumerateFiles(host.DataFolder, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.Contains("aof", StringComparison.OrdinalIgnoreCase));
        foreach (var envelope in envelopes)
        {
            var raw = Convert.FromBase64String(envelope);
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.AsSpan().IndexOf(raw.AsSpan(0, 48)) < 0, $"{Path.GetFileName(file)} holds an erased private key");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(envelope[..64])) < 0, $"{Path.GetFileName(file)} holds an erased private key (base64)");
            }
        }
    }
}

public sealed class RedisKeyErasureTests : KeyErasureTests, IDisposable
{
    private readonly RedisServer redis = new();

    protected override ServiceHost Start() => new(redis.ConnectionString, extra: KeyDrillTests.FastLifecycle);

    public void Dispose() => redis.Dispose();
}
