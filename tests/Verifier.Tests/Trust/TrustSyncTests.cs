using System.Net;
using System.Text.Json;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.Testing;
using ELicense.Verifier.Configuration;
using ELicense.Verifier.Tests.Support;
using ELicense.Verifier.Trust;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Tests.Trust;

/// <summary>Trust sync against a real LicenseService process: fetch, cache on disk, outage, restart.</summary>
public sealed class TrustSyncTests : IDisposable
{
    private readonly Province province = new();
    private readonly string cache = Directory.CreateTempSubdirectory("elicense-trust-cache-").FullName;

    [Fact]
    public async Task With_the_province_down_its_licences_still_verify_from_the_list_held_and_from_the_cache_after_a_restart()
    {
        await province.Process.StartAsync();
        var sync = Sync();
        await sync.RefreshAllAsync(CancellationToken.None);
        var qr = await province.IssueAsync();
        Assert.Equal(VerdictKind.Valid, (await province.VerifyAsync(qr, sync.Lists.Material, DateTimeOffset.UtcNow)).Kind);
        Assert.Null(sync.States["320000"].LastError);
        Assert.True(File.Exists(Path.Combine(cache, "320000.trust-list.cose")));

        province.Process.Stop();
        await sync.RefreshAllAsync(CancellationToken.None);
        var later = DateTimeOffset.UtcNow.AddMinutes(40);
        var verdict = await province.VerifyAsync(qr, sync.Lists.Material, later);

        Assert.NotNull(sync.States["320000"].LastError);
        Assert.Equal(CheckResult.Ok, verdict.Checks.Signature);
        Assert.Equal(CheckResult.Ok, verdict.Checks.KeyState);
        Assert.StartsWith("PT40M", verdict.TrustListAge, StringComparison.Ordinal);

        var restarted = Sync();
        restarted.LoadCache();
        await restarted.RefreshAllAsync(CancellationToken.None);
        Assert.True(restarted.Lists.Held.ContainsKey("320000"));
        var fromCache = await province.VerifyAsync(qr, restarted.Lists.Material, later);
        Assert.Equal(CheckResult.Ok, fromCache.Checks.Signature);
        Assert.Equal(verdict.TrustListAge, fromCache.TrustListAge);
    }

    [Fact]
    public async Task A_cached_list_that_was_changed_on_disk_is_not_trusted()
    {
        await province.Process.StartAsync();
        var sync = Sync();
        await sync.RefreshAllAsync(CancellationToken.None);
        province.Process.Stop();
        var file = Path.Combine(cache, "320000.trust-list.cose");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(file, bytes);

        var restarted = Sync();
        restarted.LoadCache();

        Assert.Empty(restarted.Lists.Held);
        Assert.Empty(restarted.Lists.Material.Signers);
    }

    [Fact]
    public async Task A_second_fetch_of_an_unchanged_list_is_a_conditional_request_and_a_rotation_is_picked_up()
    {
        await province.Process.StartAsync();
        var sync = Sync();
        await sync.RefreshAllAsync(CancellationToken.None);
        var first = sync.Lists.Held["320000"].List.List.Sequence;
        Assert.NotNull(sync.States["320000"].ETag);
        await sync.RefreshAllAsync(CancellationToken.None);
        Assert.Equal(first, sync.Lists.Held["320000"].List.List.Sequence);

        using var admin = new HttpClient { BaseAddress = province.Process.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await province.TokenAsync("admin"));
        var rotation = await admin.PostAsync("/api/v1/keys/rotations", new StringContent("{\"family\":\"SM2\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, rotation.StatusCode);
        var kid = JsonDocument.Parse(await rotation.Content.ReadAsStringAsync()).RootElement.GetProperty("kid").GetString();
        await sync.RefreshAllAsync(CancellationToken.None);

        var held = sync.Lists.Held["320000"].List;
        Assert.True(held.List.Sequence > first);
        Assert.Contains(held.Signers, s => Convert.ToHexStringLower(s.Kid) == kid && s.State == Core.Trust.SignerState.Pending && s.ActivateAt is not null);
    }

    [Fact]
    public async Task A_list_of_an_expired_list_signer_backdated_with_the_highest_sequence_is_refused_from_the_cache_and_from_a_bundle_and_the_genuine_list_is_taken()
    {
        await province.Process.StartAsync();
        using var client = new HttpClient();
        var genuine = await client.GetByteArrayAsync(province.TrustListUrl);
        Assert.True(Core.Trust.TrustListCodec.TryDecode(genuine, out _, out var list, out _));
        var expired = ExpiredListSigner();
        var attack = Core.Trust.TrustListCodec.Sign(list! with
        {
            Sequence = long.MaxValue,
            IssuedAt = DateTimeOffset.UtcNow.AddDays(-2),
            ExpiresAt = DateTimeOffset.UtcNow.AddYears(50),
            SignerChain = [expired.Certificate, .. list.SignerChain.Skip(1)],
        }, expired);
        Directory.CreateDirectory(cache);
        File.WriteAllBytes(Path.Combine(cache, "320000.trust-list.cose"), attack);

        // Online: the cached copy is refused at start, the genuine list is taken at the first fetch.
        var sync = Sync();
        sync.LoadCache();
        Assert.Empty(sync.Lists.Held);
        await sync.RefreshAllAsync(CancellationToken.None);
        Assert.Null(sync.States["320000"].LastError);
        Assert.Equal(list.Sequence, sync.Lists.Held["320000"].List.List.Sequence);

        // Offline: a bundle carrying the forged list is no source of trust; one with the genuine list is.
        var roots = new Core.Trust.CertificateChainValidator(
            Core.Crypto.KeyPem.ReadCertificates(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-root-sm2.crt.pem"))));
        var forgedBundle = Path.Combine(cache, "forged.zip");
        Offline.TrustBundle.Write(forgedBundle, new Offline.BundleManifest(Offline.TrustBundle.Format, DateTimeOffset.UtcNow.AddDays(-10),
            [new Offline.BundleProvince("320000", province.TrustListUrl, long.MaxValue, [])]), new Dictionary<string, byte[]> { ["320000"] = attack }, new Dictionary<string, byte[]>());
        var fromForged = Offline.TrustBundle.Read(forgedBundle, roots, null, DateTimeOffset.UtcNow, out var refused);
        Assert.Empty(fromForged.Lists.Held);
        Assert.Contains(refused, r => r.Contains("receipt time", StringComparison.Ordinal));
        var genuineBundle = Path.Combine(cache, "genuine.zip");
        Offline.TrustBundle.Write(genuineBundle, new Offline.BundleManifest(Offline.TrustBundle.Format, DateTimeOffset.UtcNow,
            [new Offline.BundleProvince("320000", province.TrustListUrl, list.Sequence, [])]), new Dictionary<string, byte[]> { ["320000"] = genuine }, new Dictionary<string, byte[]>());
        Assert.Equal(list.Sequence, Offline.TrustBundle.Read(genuineBundle, roots, null, DateTimeOffset.UtcNow, out _).Lists.Held["320000"].List.List.Sequence);
    }

    /// <summary>A trust-list signer of 320000 under the development CA whose certificate expired yesterday: what an old, leaked key looks like.</summary>
    private static Core.Trust.DocumentSigner ExpiredListSigner()
    {
        var password = File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-keys-password.txt")).Trim();
        var caKey = Core.Crypto.KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-ca-320000-sm2.key.pem")), password);
        var caCertificate = Core.Crypto.KeyPem.ReadCertificates(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-ca-320000-sm2.crt.pem")))[0];
        var key = Core.Crypto.SignatureAlgorithms.For(Core.Crypto.KeyFamily.Sm2).Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = Core.Trust.CertificateBuilder.CreateListSigner(caCertificate, caKey, key.SubjectPublicKeyInfo, "320000",
            "Trust list signer (DEVELOPMENT ONLY)", "Test", new Core.Trust.ValidityWindow(now.AddDays(-400), now.AddDays(-1)));
        return new Core.Trust.DocumentSigner(key, certificate);
    }

    private TrustSync Sync()
    {
        var options = Options.Create(new VerifierOptions
        {
            RootCertificates = [Path.Combine(RepositoryPaths.DevCertificates, "dev-root-sm2.crt.pem"), Path.Combine(RepositoryPaths.DevCertificates, "dev-root-rsa.crt.pem")],
            Provinces = [new ProvinceSource { Region = "320000", TrustListUrl = province.TrustListUrl }],
            CacheFolder = cache,
            FetchTimeout = TimeSpan.FromSeconds(5),
        });
        var environment = new HostingEnvironment { ContentRootPath = Path.Combine(RepositoryPaths.Root, "src", "Verifier"), EnvironmentName = "Development" };
        return new TrustSync(options, environment, new Fetching.BoundedFetch(Fetching.BoundedFetch.CreateClient(), TimeSpan.FromSeconds(10)), TimeProvider.System, NullLogger<TrustSync>.Instance);
    }

    public void Dispose() => province.Dispose();
}
