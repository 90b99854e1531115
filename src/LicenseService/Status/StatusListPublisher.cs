using System.Collections.Concurrent;
using System.Security.Cryptography;
using ELicense.Core.Status;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Status;

/// <summary>
/// Signed status list tokens, from a cache: a request gets the cached token; at most once per
/// <see cref="StatusOptions.ResignInterval"/> a list is read again from the store and re-signed
/// only when its content changed (here or on another replica), the signing key changed (a rotation
/// or a revocation: a list signed by a revoked key is refused by every verifier, DESIGN §6) or the
/// token has used up half its lifetime. Requests never cause a signature each.
/// </summary>
public sealed class StatusListPublisher(StatusListStore statusLists, SigningKeyRing keys, IOptions<StatusOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Published> cache = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new();
    private long signatures;

    /// <summary>How many tokens this replica has signed since it started (a request for an unknown list must never add one).</summary>
    public long Signatures => Interlocked.Read(ref signatures);

    /// <summary>The current token of a list of this province.</summary>
    public async Task<Published> GetAsync(string list)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(list, out var cached) && now - cached.CheckedAt < options.Value.ResignInterval && IsCurrentSigner(cached))
        {
            return cached;
        }

        var gate = gates.GetOrAdd(list, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            now = time.GetUtcNow();
            if (cache.TryGetValue(list, out cached) && now - cached.CheckedAt < options.Value.ResignInterval && IsCurrentSigner(cached))
            {
                return cached;
            }

            var packed = await statusLists.ReadAsync(list).ConfigureAwait(false);
            var contentHash = SHA256.HashData(packed);
            var signer = keys.PayloadSigner;
            if (cached is not null && cached.ContentHash.AsSpan().SequenceEqual(contentHash) && cached.SignerKid.AsSpan().SequenceEqual(signer.Kid)
                && now - cached.IssuedAt < options.Value.Lifetime / 2)
            {
                return cache[list] = cached with { CheckedAt = now };
            }

            var settings = options.Value;
            var token = StatusListTokenCodec.Sign(
                new StatusListToken(list, now, now + settings.Lifetime, settings.TimeToLive, StatusList.FromBytes(packed)), signer);
            Interlocked.Increment(ref signatures);
            var published = new Published(token, "\"" + Convert.ToHexStringLower(SHA256.HashData(token).AsSpan(0, 16)) + "\"", contentHash, now, now, signer.Kid);
            cache[list] = published;
            return published;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether the token was signed by the key that signs now: after a rotation or a revocation it is re-signed at once, not after the interval.</summary>
    private bool IsCurrentSigner(Published published) => published.SignerKid.AsSpan().SequenceEqual(keys.PayloadSigner.Kid);

    /// <summary>Makes the next request of a list look at the store again (after a change on this replica).</summary>
    public void Changed(string list)
    {
        if (cache.TryGetValue(list, out var cached))
        {
            // Keep the signing-rate limit: re-check once the interval since the last signing has passed.
            cache[list] = cached with { CheckedAt = cached.IssuedAt };
        }
    }

    /// <summary>A signed token and what HTTP caching needs of it.</summary>
    public sealed record Published(byte[] Token, string ETag, byte[] ContentHash, DateTimeOffset IssuedAt, DateTimeOffset CheckedAt, byte[] SignerKid);
}
