namespace ELicense.Core.Trust;

/// <summary>One document signer in a province's trust list.</summary>
/// <param name="Certificate">The DER document-signer certificate; its kid is computed from it.</param>
/// <param name="State">Pending, active, retired or revoked.</param>
/// <param name="Validity">The certificate's validity, stated again so that people and tools read it without parsing X.509; it must equal the certificate's.</param>
/// <param name="CompromisedAt">For a revoked key, the stated compromise time; null means everything it signed is void.</param>
/// <param name="ActivateAt">For a pending key, when it is scheduled to start signing.</param>
/// <param name="RetiredAt">For a retired key, when it stopped signing: nothing it signed later is admitted.</param>
public sealed record TrustListEntry(
    byte[] Certificate, SignerState State, ValidityWindow Validity, DateTimeOffset? CompromisedAt = null, DateTimeOffset? ActivateAt = null, DateTimeOffset? RetiredAt = null);
