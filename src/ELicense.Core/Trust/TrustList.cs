namespace ELicense.Core.Trust;

/// <summary>
/// A province's trust list (DESIGN §7): every document-signer certificate it has published and not
/// yet removed, with its state, validity and compromise time. Signed by the province's trust-list
/// signer, whose certificate and CA travel in <see cref="SignerChain"/>.
/// </summary>
/// <param name="Region">The province's GB/T 2260 code.</param>
/// <param name="Authority">The issuing authority's name.</param>
/// <param name="Sequence">Grows with every change of the province's keys; a verifier never replaces a list by one with a lower number.</param>
/// <param name="IssuedAt">When the list was signed.</param>
/// <param name="ExpiresAt">After this the list is too old to rely on.</param>
/// <param name="SignerChain">The trust-list signer's certificate first, then the provincial CA certificates (one per algorithm) that issued it and the entries.</param>
/// <param name="Entries">The document signers.</param>
public sealed record TrustList(
    string Region,
    string Authority,
    long Sequence,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<byte[]> SignerChain,
    IReadOnlyList<TrustListEntry> Entries);
