using ELicense.Core.Crypto;
using ELicense.Core.Trust;

namespace ELicense.Core.Keys;

/// <summary>A document-signer key as the lifecycle sees it: no key material, only its identity, state and dates.</summary>
/// <param name="Kid">The key identifier (hex of the first 8 bytes of SHA-256 over the DS certificate).</param>
/// <param name="Family">SM2 or RSA; each family has its own lifecycle.</param>
/// <param name="State">Pending, active, retired or revoked.</param>
/// <param name="CreatedAt">When it was made and published (pending from then on).</param>
/// <param name="ActivateAt">When it is to start signing (scheduled at creation: after the propagation time, or at once when nothing signs).</param>
/// <param name="ActivatedAt">When it started signing; null while pending.</param>
/// <param name="RetiredAt">When it stopped signing; null until then.</param>
/// <param name="CompromisedAt">For a revoked key, the stated compromise time (null: everything it signed).</param>
/// <param name="Certificate">The validity of its DS certificate.</param>
public sealed record ManagedKey(
    string Kid,
    KeyFamily Family,
    SignerState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ActivateAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? CompromisedAt,
    ValidityWindow Certificate);
