using System.Security.Cryptography;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// The province's signed trust list (DESIGN §7), built from the keys this replica last loaded and
/// signed by the trust-list signer. It is signed again only when the key set changed (its sequence
/// number) or half its lifetime has passed; requests get the cached bytes.
/// </summary>
public sealed class TrustListPublisher(
    KeyManager keys, ICertificateAuthority ca, IKeyLifecycle lifecycle, IOptions<KeyOptions> options, IOptions<ProvinceOptions> province, TimeProvider time)
{
    private readonly Lock gate = new();
    private Published? cached;

    /// <summary>The current signed list.</summary>
    public Published Get()
    {
        var snapshot = keys.Snapshot;
        var now = time.GetUtcNow();
        var last = cached;
        if (last is not null && last.Sequence == snapshot.Sequence && now - last.List.IssuedAt < options.Value.TrustListLifetime / 2)
        {
            return last;
        }

        lock (gate)
        {
            if (cached is { } again && again.Sequence == snapshot.Sequence && now - again.List.IssuedAt < options.Value.TrustListLifetime / 2)
            {
                return again;
            }

            var list = Build(snapshot, now);
            var bytes = TrustListCodec.Sign(list, keys.ListSigner);
            cached = new Published(list, bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"", snapshot.Sequence);
            return cached;
        }
    }

    /// <summary>Every document signer not yet removed, with state, validity, and its compromise, activation or retirement time.</summary>
    public TrustList Build(KeySnapshot snapshot, DateTimeOffset now)
    {
        var published = KeyRotationPolicy.Published(snapshot.DocumentSigners(), now, lifecycle.Lifecycle(options.Value.Lifecycle)).Select(k => k.Kid).ToHashSet(StringComparer.Ordinal);
        var entries = snapshot.Keys
            .Where(k => k.Purpose == SignerPurposeKind.DocumentSigner && published.Contains(k.Kid))
            .OrderBy(k => k.CreatedAt)
            .Select(k => new TrustListEntry(k.Certificate, k.State, new ValidityWindow(k.NotBefore, k.NotAfter), k.CompromisedAt,
                k.State == SignerState.Pending ? k.ActivateAt : null, k.State == SignerState.Retired ? k.RetiredAt : null))
            .ToList();
        byte[][] chain = [keys.ListSigner.Certificate, .. ca.Families.Order().Select(ca.CaCertificate)];
        var settings = province.Value;
        return new TrustList(settings.RegionCode, settings.AuthorityName, snapshot.Sequence, now, now + options.Value.TrustListLifetime, chain, entries);
    }

    /// <summary>A signed list and what HTTP caching needs of it.</summary>
    public sealed record Published(TrustList List, byte[] Bytes, string ETag, long Sequence);
}
