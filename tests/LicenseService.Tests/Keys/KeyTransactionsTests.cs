using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Storage;
using ELicense.LicenseService.Tests.Support;
using Xunit;

namespace ELicense.LicenseService.Tests.Keys;

/// <summary>The key changes' optimistic commit and rotation lock, on a recording fake of the key store (no Redis).</summary>
public sealed class KeyTransactionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_change_is_one_commit_with_its_audit_records()
    {
        var store = new RecordingKeyStore();
        await new KeyTransactions(store, TimeSpan.FromMinutes(1)).CommitAsync(_ => Change("a"));

        Assert.Equal(["read", "commit 0 → 1"], store.Calls);
        Assert.Equal("a", Assert.Single((await store.ReadAsync()).Keys).Kid);
        Assert.Equal("a", Assert.Single(store.Audit).Kid);
    }

    [Fact]
    public async Task A_commit_another_replica_came_before_is_decided_again_on_what_that_replica_wrote()
    {
        var store = new RecordingKeyStore { Interfere = attempt => attempt < 2 };
        var seen = new List<long>();
        await new KeyTransactions(store, TimeSpan.FromMinutes(1)).CommitAsync(snapshot =>
        {
            seen.Add(snapshot.Sequence);
            return Change("a");
        });

        Assert.Equal([0L, 1, 2], seen);
        Assert.Equal(["read", "commit 0 refused", "read", "commit 1 refused", "read", "commit 2 → 3"], store.Calls);
        Assert.Single(store.Audit);
    }

    [Fact]
    public async Task A_decision_that_changes_nothing_writes_nothing()
    {
        var store = new RecordingKeyStore();
        await new KeyTransactions(store, TimeSpan.FromMinutes(1)).CommitAsync(_ => KeyChange.None);

        Assert.Equal(["read"], store.Calls);
        Assert.Equal(0, store.Sequence);
    }

    [Fact]
    public async Task Keys_that_keep_changing_make_the_change_give_up_with_a_clear_error_and_write_nothing()
    {
        var store = new RecordingKeyStore { Interfere = _ => true };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new KeyTransactions(store, TimeSpan.FromMinutes(1)).CommitAsync(_ => Change("a")));

        Assert.Contains("changed 8 times", error.Message);
        Assert.Empty((await store.ReadAsync()).Keys);
        Assert.Empty(store.Audit);
    }

    [Fact]
    public async Task The_rotation_lock_held_by_another_replica_skips_a_round_and_refuses_an_administrator_with_409()
    {
        var store = new RecordingKeyStore { LockedBy = "other-replica" };
        var transactions = new KeyTransactions(store, TimeSpan.FromMinutes(1));
        var ran = false;

        Assert.Null(await transactions.UnderLockAsync(onDemand: false, () => { ran = true; return Task.FromResult<StoredKey?>(null); }));
        var refused = await Assert.ThrowsAsync<KeyAdminException>(() => transactions.UnderLockAsync(onDemand: true, () => { ran = true; return Task.FromResult<StoredKey?>(null); }));

        Assert.False(ran);
        Assert.Equal(KeyAdminRefusal.Conflict, refused.Refusal);
        Assert.Equal("other-replica", store.LockedBy);
    }

    [Fact]
    public async Task The_rotation_lock_is_released_when_the_work_under_it_fails()
    {
        var store = new RecordingKeyStore();
        var transactions = new KeyTransactions(store, TimeSpan.FromMinutes(1));

        await Assert.ThrowsAsync<TimeoutException>(() => transactions.UnderLockAsync(onDemand: true, () => throw new TimeoutException("the CA did not answer")));

        Assert.Null(store.LockedBy);
        Assert.Equal(["lock taken", "unlock"], store.Calls);
    }

    [Fact]
    public async Task A_private_key_in_clear_is_never_written()
    {
        var store = new RecordingKeyStore();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new KeyTransactions(store, TimeSpan.FromMinutes(1)).CommitAsync(_ => new KeyChange([Key("a") with { Protected = false }], [], [])));

        Assert.Empty((await store.ReadAsync()).Keys);
    }

    private static KeyChange Change(string kid) =>
        new([Key(kid)], [], [new KeyAuditRecord(Now, "test", "created", kid, "sm2", "")]);

    private static StoredKey Key(string kid) => new()
    {
        Kid = kid, Family = KeyFamily.Sm2, Purpose = SignerPurposeKind.DocumentSigner, State = SignerState.Active,
        CreatedAt = Now, ActivateAt = Now, Certificate = [1], NotBefore = Now, NotAfter = Now.AddYears(1), PrivateKey = [2],
    };
}
