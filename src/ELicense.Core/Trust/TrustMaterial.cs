using System.Collections.Frozen;

namespace ELicense.Core.Trust;

/// <summary>
/// Every trusted document signer, of any number of provinces, looked up by kid. Several signers may
/// share a kid (8 bytes collide); a lookup returns them all and the verifier tries each.
/// Immutable: a refresh builds a new one.
/// </summary>
public sealed class TrustMaterial
{
    private readonly FrozenDictionary<ulong, TrustedSigner[]> byKid;
    private readonly IReadOnlyDictionary<string, (DateTimeOffset AsOf, DateTimeOffset? StaleAfter)> provinces;

    /// <param name="signers">The trusted signers.</param>
    /// <param name="asOf">When this material was last known to be current (the trust lists' fetch or issue time).</param>
    /// <param name="staleAfter">After this instant the material is too old to give VALID; null when it does not go stale.</param>
    /// <param name="provinces">Per province, when its part was current and when it goes stale (each province's trust list
    /// has its own age); provinces not named fall back to <paramref name="asOf"/> and <paramref name="staleAfter"/>.</param>
    /// <param name="catalogues">The provinces' verified catalogues; the national base only when null.</param>
    public TrustMaterial(
        IEnumerable<TrustedSigner> signers, DateTimeOffset asOf, DateTimeOffset? staleAfter = null,
        IReadOnlyDictionary<string, (DateTimeOffset AsOf, DateTimeOffset? StaleAfter)>? provinces = null,
        Licenses.ProvinceCatalogues? catalogues = null)
    {
        Catalogues = catalogues ?? Licenses.ProvinceCatalogues.NationalOnly;
        Signers = signers.ToArray();
        byKid = Signers.GroupBy(s => Kid.ToKey(s.Kid)).ToFrozenDictionary(g => g.Key, g => g.ToArray());
        AsOf = asOf;
        StaleAfter = staleAfter;
        this.provinces = provinces ?? new Dictionary<string, (DateTimeOffset, DateTimeOffset?)>();
    }

    /// <summary>When the trust in a province's signers was last known current (its trust list's signing time).</summary>
    public DateTimeOffset AsOfFor(string? province) => province is not null && provinces.TryGetValue(province, out var p) ? p.AsOf : AsOf;

    /// <summary>When the trust in a province's signers goes stale.</summary>
    public DateTimeOffset? StaleAfterFor(string? province) => province is not null && provinces.TryGetValue(province, out var p) ? p.StaleAfter : StaleAfter;

    public IReadOnlyList<TrustedSigner> Signers { get; }

    /// <summary>The licence-type definitions: each province's verified catalogue, and the national base.</summary>
    public Licenses.ProvinceCatalogues Catalogues { get; }

    public DateTimeOffset AsOf { get; }

    public DateTimeOffset? StaleAfter { get; }

    /// <summary>
    /// Finds the trusted signer whose key verifies a COSE message: every signer with the message's
    /// kid is tried (kids collide); the signer's key decides the algorithm and the message's alg
    /// must agree. On failure says why: no signer with the kid, no signer of that algorithm, or no
    /// signature that verifies.
    /// </summary>
    public TrustedSigner? FindSigner(Encoding.CoseSign1 message, out Reasons.ReasonCode failure)
    {
        var candidates = Find(message.Kid);
        failure = Reasons.ReasonCode.UntrustedIssuer;
        byte[]? toBeSigned = null;
        foreach (var candidate in candidates)
        {
            if (candidate.Key.Algorithm.CoseId != message.Algorithm)
            {
                failure = failure == Reasons.ReasonCode.UntrustedIssuer ? Reasons.ReasonCode.AlgMismatch : failure;
                continue;
            }

            failure = Reasons.ReasonCode.SignatureInvalid;
            toBeSigned ??= message.ToBeSigned();
            if (candidate.Key.Verify(toBeSigned, message.Signature))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The trusted signer with exactly this DER certificate (as a CMS or a held status list names it); null when none.</summary>
    /// <param name="certificate">The DER certificate.</param>
    /// <param name="kid">Its kid when the caller has it already (it is computed otherwise).</param>
    public TrustedSigner? FindByCertificate(byte[] certificate, byte[]? kid = null)
    {
        foreach (var signer in Find(kid ?? Kid.Compute(certificate)))
        {
            if (signer.Certificate.AsSpan().SequenceEqual(certificate))
            {
                return signer;
            }
        }

        return null;
    }

    /// <summary>Every signer with this kid; empty when none (or when the kid is not 8 bytes).</summary>
    public IReadOnlyList<TrustedSigner> Find(ReadOnlySpan<byte> kid)
        => kid.Length == Kid.Length && byKid.TryGetValue(Kid.ToKey(kid), out var signers) ? signers : [];
}
