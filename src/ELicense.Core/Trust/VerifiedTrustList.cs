namespace ELicense.Core.Trust;

/// <summary>
/// A trust list whose signature and signer chain held, with the document signers it admits. Entries
/// that do not chain to a configured root (e.g. the RSA signers for a verifier that trusts only the
/// SM2 root) are left out and named in <see cref="Refusals"/>.
/// </summary>
public sealed record VerifiedTrustList(TrustList List, IReadOnlyList<TrustedSigner> Signers, IReadOnlyList<string> Refusals)
{
    /// <summary>
    /// Trust material over the lists of several provinces: every admitted signer; each province's
    /// signers as of its own list's signing time and stale once that list expires (overall: the
    /// oldest and the first to expire).
    /// </summary>
    /// <param name="lists">The provinces' verified trust lists.</param>
    /// <param name="catalogues">The provinces' verified catalogues; the national base only when null.</param>
    public static TrustMaterial Combine(IReadOnlyCollection<VerifiedTrustList> lists, Licenses.ProvinceCatalogues? catalogues = null) => new(
        lists.SelectMany(l => l.Signers),
        lists.Count == 0 ? DateTimeOffset.MinValue : lists.Min(l => l.List.IssuedAt),
        lists.Count == 0 ? null : lists.Min(l => l.List.ExpiresAt),
        lists.ToDictionary(l => l.List.Region, l => (l.List.IssuedAt, (DateTimeOffset?)l.List.ExpiresAt)),
        catalogues);
}
