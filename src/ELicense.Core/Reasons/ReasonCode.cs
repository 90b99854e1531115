namespace ELicense.Core.Reasons;

/// <summary>
/// Stable reason codes, serialised in SCREAMING_SNAKE_CASE (e.g. <c>SIGNATURE_INVALID</c>). Never
/// renumber or rename one: department systems match on them. docs/reason-codes.md lists each.
/// </summary>
public enum ReasonCode
{
    PrefixUnknown,
    SizeLimitExceeded,
    Base45Invalid,
    CompressionInvalid,
    CoseInvalid,
    HeaderInvalid,
    CborNotCanonical,
    CborDuplicateKey,
    AlgUnknown,
    ContentTypeMismatch,
    PayloadInvalid,
    VersionUnsupported,
    TypeUnknown,
    ContentInvalid,
    IdentifierInvalid,
    IdentifierMismatch,
    UntrustedIssuer,
    AlgMismatch,
    SignatureInvalid,
    IssuerRegionMismatch,
    CertificateNotValidAtSigning,
    KeyRevoked,
    KeyNotActive,
    IssuedInFuture,
    NotYetValid,
    Expired,
    PresentationExpired,
    Revoked,
    Suspended,
    StatusUnavailable,
    StatusStale,
    TrustListStale,
    PdfUnsigned,
    PdfSignatureInvalid,
    PdfModifiedAfterSigning,
    PdfPayloadMissing,
    PdfQrMismatch,
    PdfQrUnchecked,
    KeyRetired,
    StatusListInvalid,
}
