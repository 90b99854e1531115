using System.Security.Cryptography;
using ELicense.Core.Keys;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Secrets the replicas of one province share through the store, made once by whichever replica
/// starts first (HSETNX) and read by all. None of them is a signing key, and none is in the store
/// in clear: each is wrapped under the KEK (<see cref="KeyProtector"/>, SM4-GCM by default), which
/// never is in the store, so a dump of the store and its append-only files reveals neither the
/// holders behind the pseudonyms nor the content of a record.
///
/// They are wrapped rather than derived from the KEK because they must outlive it: a KEK change
/// re-wraps them at the next start (<see cref="RewrapAsync"/>, as it re-wraps signing keys) and every pseudonym,
/// idempotent identifier and record stays as it was. A store written before they were wrapped holds
/// them in clear under their bare names; a start with <c>Storage:AcceptPlainRecords</c> wraps them, and
/// <c>store check --repair</c> deletes the clear copies once every replica runs this version.
///
/// Key scheme: <c>elicense:{region}:secrets</c> — a hash of <c>wrapped:NAME</c> → envelope, for
/// <c>status-permutation</c> (the keyed permutation of status-list indexes), <c>idempotency</c>
/// (derives identifiers from idempotency keys), <c>holder</c> (pseudonymous holder keys), 32 bytes
/// each, and <c>record</c> (the SM4 data key of licence records, 16 bytes; <see cref="RecordCipher"/>).
/// </summary>
public sealed record StoreSecrets(byte[] StatusPermutation, byte[] Idempotency, byte[] Holder, byte[] Record)
{
    private static readonly (string Name, int Size)[] Names = [("status-permutation", 32), ("idempotency", 32), ("holder", 32), ("record", 16)];

    private const string ReplaceIfSame = """
        if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
          return 1
        end
        return 0
        """;

    /// <param name="upgrading">Whether <c>Storage:AcceptPlainRecords</c> is on: only then are the clear secrets of a store of an
    /// earlier version adopted (wrapped; the clear copies stay until <c>store check --repair</c>, for replicas of the earlier version
    /// still running). Otherwise a store holding only clear copies is refused: whoever can write to the store can write those.</param>
    /// <param name="replicated">Waits until a write is on the replicas it must reach (a secret lost in a failover would orphan every record).</param>
    /// <param name="licencesExist">Whether the store holds licences: a missing record data key is then refused, never made anew.</param>
    /// <exception cref="InvalidOperationException">The store holds clear secrets without the upgrade flag, a secret of the wrong size, or licences without their data key.</exception>
    public static async Task<StoreSecrets> LoadAsync(
        IDatabase database, string region, KeyProtector protector, bool upgrading, Func<IEnumerable<RedisKey>, Task> replicated, bool licencesExist)
    {
        var key = Key(region);
        var values = new byte[Names.Length][];
        // A store of the version before secrets were wrapped: its clear secrets are there and its records are JSON, so a new data key orphans nothing.
        var earlierVersion = upgrading && await database.HashExistsAsync(key, "holder").ConfigureAwait(false);
        for (var i = 0; i < Names.Length; i++)
        {
            var (name, size) = Names[i];
            var wrapped = await database.HashGetAsync(key, "wrapped:" + name).ConfigureAwait(false);
            if (wrapped.IsNull)
            {
                var clear = name == "record" ? RedisValue.Null : await database.HashGetAsync(key, name).ConfigureAwait(false);
                if (!clear.IsNull && !upgrading)
                {
                    throw new InvalidOperationException(
                        $"The store holds the '{name}' secret in clear, as versions before secrets were wrapped kept it. Start once with Storage:AcceptPlainRecords=true "
                        + "to wrap it, run './run.sh store check --repair', then start without it (docs/license-service.md, Personal data at rest).");
                }

                if (clear.IsNull && licencesExist && (name != "record" || !earlierVersion))
                {
                    throw new InvalidOperationException(
                        $"The store holds licences but not the '{name}' secret: it was lost or removed. Restore the store's secrets hash from a backup; a new one would orphan every licence.");
                }

                var value = clear.IsNull ? RandomNumberGenerator.GetBytes(size) : (byte[])clear!;
                if (value.Length != size)
                {
                    throw new InvalidOperationException($"The store's clear '{name}' secret is {value.Length} bytes, not {size}.");
                }

                await database.HashSetAsync(key, "wrapped:" + name, protector.Protect(value, Context(name)), When.NotExists).ConfigureAwait(false);
                await replicated([key]).ConfigureAwait(false);
                CryptographicOperations.ZeroMemory(value);
                wrapped = await database.HashGetAsync(key, "wrapped:" + name).ConfigureAwait(false);
            }

            values[i] = protector.Unprotect((byte[])wrapped!, Context(name));
            if (values[i].Length != size)
            {
                throw new InvalidOperationException($"The store's '{name}' secret is {values[i].Length} bytes, not {size}.");
            }
        }

        // After a KEK or envelope change (the configuration is read at start), every replica's start re-wraps what is due.
        await RewrapAsync(database, region, protector).ConfigureAwait(false);
        return new StoreSecrets(values[0], values[1], values[2], values[3]);
    }

    /// <summary>Deletes the clear copies a store of an earlier version held (<c>store check --repair</c>, once every replica runs this version); returns how many.</summary>
    public static async Task<int> DeleteClearCopiesAsync(IDatabase database, string region)
    {
        var deleted = 0;
        foreach (var (name, _) in Names.Where(n => n.Name != "record"))
        {
            if (await database.HashExistsAsync(Key(region), "wrapped:" + name).ConfigureAwait(false) && await database.HashDeleteAsync(Key(region), name).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Re-wraps every secret made under another KEK or envelope than the current ones; returns how many were.</summary>
    public static async Task<int> RewrapAsync(IDatabase database, string region, KeyProtector protector)
    {
        var key = Key(region);
        var rewrapped = 0;
        foreach (var (name, _) in Names)
        {
            var wrapped = await database.HashGetAsync(key, "wrapped:" + name).ConfigureAwait(false);
            if (wrapped.IsNull || !protector.NeedsRewrap((byte[])wrapped!))
            {
                continue;
            }

            var next = protector.Rewrap((byte[])wrapped!, Context(name));
            if ((long)await database.ScriptEvaluateAsync(ReplaceIfSame, [key], ["wrapped:" + name, wrapped, next]).ConfigureAwait(false) == 1)
            {
                rewrapped++;
            }
        }

        return rewrapped;
    }

    private static RedisKey Key(string region) => $"elicense:{region}:secrets";

    /// <summary>The envelope's associated data: an envelope moved onto another secret does not open.</summary>
    private static string Context(string name) => "store secret " + name;
}
