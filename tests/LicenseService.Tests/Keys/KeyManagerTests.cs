using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Storage;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests.Keys;

/// <summary>
/// The key lifecycle of one replica on a clock the test moves: <see cref="KeyManager"/> over the recording key store,
/// the development CA and a fixed lifecycle (no Redis, no catalogue). A one-hour rotation with ten minutes of
/// propagation makes every date exact.
/// </summary>
public sealed class KeyManagerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Rotation = TimeSpan.FromHours(1);
    private static readonly TimeSpan Propagation = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider time = new(Start);
    private readonly KeyProtector protector = new("test", new Dictionary<string, byte[]> { ["test"] = RandomNumberGenerator.GetBytes(32) });
    private readonly RecordingKeyStore store;

    public KeyManagerTests() => store = new RecordingKeyStore { Seals = new KeyRecordSeal(protector, acceptUnsealed: false) };

    [Fact]
    public async Task The_first_round_on_an_empty_store_makes_one_signing_key_per_family_and_a_list_signer_that_sign_at_once()
    {
        var keys = Manager(pdfFamily: KeyFamily.Rsa);
        await keys.MaintainAsync();

        var snapshot = (await store.ReadAsync()).Keys;
        foreach (var family in new[] { KeyFamily.Sm2, KeyFamily.Rsa })
        {
            var own = Assert.Single(snapshot, k => k.Family == family && k.Purpose == SignerPurposeKind.DocumentSigner);
            Assert.Equal(SignerState.Active, own.State);
            Assert.Equal(Start, own.ActivatedAt);
            Assert.Equal(own.Kid, Kid.ToHex(keys.Signer(family).Kid));
        }

        var list = Assert.Single(snapshot, k => k.Purpose == SignerPurposeKind.TrustListSigner);
        Assert.Equal(list.Kid, Kid.ToHex(keys.ListSigner.Kid));
        Assert.All(snapshot, k => Assert.True(k.Protected));
        // A second round with nothing due reads and writes nothing more than the store's state.
        var commits = store.Calls.Count(c => c.StartsWith("commit", StringComparison.Ordinal));
        await keys.MaintainAsync();
        Assert.Equal(commits, store.Calls.Count(c => c.StartsWith("commit", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_round_every_minute_for_three_hours_makes_exactly_one_key_per_interval_each_signing_from_its_predecessors_end()
    {
        var keys = Manager();
        for (var minute = 0; minute <= 180; minute++)
        {
            await keys.MaintainAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var signers = (await store.ReadAsync()).Keys.Where(k => k.Purpose == SignerPurposeKind.DocumentSigner).OrderBy(k => k.CreatedAt).ToList();
        // The first at the start, then one made a propagation time before each hour, taking over on the hour.
        Assert.Equal([Start, Start.AddMinutes(50), Start.AddMinutes(110), Start.AddMinutes(170)], signers.Select(k => k.CreatedAt));
        Assert.Equal([Start, Start.AddHours(1), Start.AddHours(2), Start.AddHours(3)], signers.Select(k => k.ActivatedAt ?? k.ActivateAt));
        Assert.Equal([Start.AddHours(1), Start.AddHours(2), Start.AddHours(3)], signers.Take(3).Select(k => k.RetiredAt!.Value));
        Assert.Equal(signers[^1].Kid, Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid));
        Assert.Single(signers, k => k.State == SignerState.Active);
        // A key that can no longer sign keeps its certificate only.
        Assert.All(signers.Take(3), k => Assert.False(k.HasPrivateKey));
    }

    [Fact]
    public async Task A_pending_key_is_published_before_it_signs_and_the_old_key_signs_until_it_takes_over()
    {
        var keys = Manager();
        await keys.MaintainAsync();
        var first = Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid);

        time.Advance(TimeSpan.FromMinutes(50));
        await keys.MaintainAsync();
        var pending = Assert.Single((await store.ReadAsync()).Keys, k => k.State == SignerState.Pending);
        Assert.Equal(Start.AddHours(1), pending.ActivateAt);
        Assert.Equal(first, Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid));

        time.Advance(TimeSpan.FromMinutes(10));
        await keys.MaintainAsync();
        Assert.Equal(pending.Kid, Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid));
    }

    [Fact]
    public async Task An_administrators_rotation_while_a_key_is_pending_or_of_a_family_not_used_is_refused_and_changes_nothing()
    {
        var keys = Manager();
        await keys.MaintainAsync();
        await keys.RotateAsync(KeyFamily.Sm2, null, "admin", CancellationToken.None);
        var sequence = store.Sequence;

        var pending = await Assert.ThrowsAsync<KeyAdminException>(() => keys.RotateAsync(KeyFamily.Sm2, null, "admin", CancellationToken.None));
        Assert.Equal(KeyAdminRefusal.Conflict, pending.Refusal);
        Assert.Equal("rotation_pending", pending.Code);
        var unused = await Assert.ThrowsAsync<KeyAdminException>(() => keys.RotateAsync(KeyFamily.Rsa, null, "admin", CancellationToken.None));
        Assert.Equal(KeyAdminRefusal.Invalid, unused.Refusal);
        Assert.Equal(sequence, store.Sequence);
    }

    [Fact]
    public async Task Revoking_the_active_key_erases_it_and_signs_with_a_replacement_at_once()
    {
        var keys = Manager();
        await keys.MaintainAsync();
        var compromised = Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid);
        time.Advance(TimeSpan.FromMinutes(5));

        var revoked = await keys.RevokeAsync(compromised, "private key copied", Start.AddMinutes(2), "admin", CancellationToken.None);

        Assert.Equal(SignerState.Revoked, revoked.State);
        Assert.False(revoked.HasPrivateKey);
        Assert.NotEqual(compromised, Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid));
        Assert.True(await keys.RevokedSinceAsync(Convert.FromHexString(compromised)));
        Assert.Contains(store.Audit, a => a.Action == "revoked" && a.Kid == compromised && a.By == "admin");
    }

    [Fact]
    public async Task A_records_forged_or_replayed_behind_the_service_do_not_take_back_a_revocation()
    {
        var keys = Manager();
        await keys.MaintainAsync();
        var compromised = Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid);
        // Someone with write access to the store (but not the KEK) kept the key's record from before the revocation.
        var before = (await store.ReadAsync()).Keys.Single(k => k.Kid == compromised);
        time.Advance(TimeSpan.FromMinutes(5));
        await keys.RevokeAsync(compromised, "private key copied", null, "admin", CancellationToken.None);
        var loaded = keys.Snapshot.Sequence;

        // A forged record (the revocation edited out; no seal of this service) is left out of the read.
        store.Put(keys.Snapshot.Keys.Single(k => k.Kid == compromised) with { State = SignerState.Retired, RevokedAt = null, CompromisedAt = null, Seal = null });
        Assert.Contains((await store.ReadAsync()).Ignored, i => i.StartsWith(compromised, StringComparison.Ordinal));
        // The old record put back carries a genuine seal, and shows the key active again: that key set is not loaded.
        store.Put(before);
        await keys.RefreshAsync();

        Assert.Equal(loaded, keys.Snapshot.Sequence);
        Assert.Equal(SignerState.Revoked, keys.Snapshot.Keys.Single(k => k.Kid == compromised).State);
        Assert.NotEqual(compromised, Kid.ToHex(keys.Signer(KeyFamily.Sm2).Kid));
    }

    /// <summary>A manager for province 320000 signing payloads with SM2 and PDFs with <paramref name="pdfFamily"/>.</summary>
    private KeyManager Manager(KeyFamily pdfFamily = KeyFamily.Sm2)
    {
        var province = Options.Create(new ProvinceOptions
        {
            RegionCode = "320000", AuthorityName = "江苏省政务服务管理办公室", AuthorityCode = "11320000MB0000001G",
            SigningAlgorithm = KeyFamily.Sm2, PdfSignatureAlgorithm = pdfFamily,
        });
        var options = Options.Create(new KeyOptions { RotationInterval = Rotation, PropagationTime = Propagation });
        var environment = new HostingEnvironment { ContentRootPath = Path.Combine(RepositoryPaths.Root, "src", "LicenseService"), EnvironmentName = "Development" };
        var ca = new FileCertificateAuthority(Options.Create(new CertificateAuthorityOptions
        {
            Folder = Path.Combine(RepositoryPaths.Root, "certs", "dev"), PasswordFile = Path.Combine(RepositoryPaths.Root, "certs", "dev", "dev-keys-password.txt"),
        }), province, environment);
        var lifecycle = new FixedLifecycle();
        var factory = new KeyFactory(protector, ca, options, province, Options.Create(new SigningKeyOptions()), environment, lifecycle);
        return new KeyManager(store, factory, protector, options, province, lifecycle, time, NullLogger<KeyManager>.Instance);
    }

    /// <summary>The configured lifecycle as it is: no licence type lasts longer than it allows for.</summary>
    private sealed class FixedLifecycle : IKeyLifecycle
    {
        public Task RefreshAsync() => Task.CompletedTask;

        public KeyLifecycleOptions Lifecycle(KeyLifecycleOptions configured) => configured;
    }
}
