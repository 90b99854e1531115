using ELicense.Core.Crypto;

namespace ELicense.Core.Trust;

/// <summary>
/// A document signer a verifier trusts: its certificate chained to a configured root, the key
/// decoded once, the province its CA vouches for, and its state from the province's trust list.
/// </summary>
/// <param name="Kid">The 8-byte kid of the certificate.</param>
/// <param name="Certificate">The DER document-signer certificate.</param>
/// <param name="Province">The province-level region code its CA vouches for.</param>
/// <param name="Key">The decoded public key; it decides the algorithm.</param>
/// <param name="Window">Where every certificate of its chain is valid.</param>
/// <param name="State">Its state in the trust list.</param>
/// <param name="CompromisedAt">For a revoked key, the stated compromise time; null means everything it signed is void.</param>
/// <param name="ActivateAt">For a pending key, when it is scheduled to start signing.</param>
/// <param name="RetiredAt">For a retired key, when it stopped signing (null when the list does not say).</param>
public sealed record TrustedSigner(
    byte[] Kid,
    byte[] Certificate,
    string Province,
    IVerificationKey Key,
    ValidityWindow Window,
    SignerState State,
    DateTimeOffset? CompromisedAt = null,
    DateTimeOffset? ActivateAt = null,
    DateTimeOffset? RetiredAt = null);
