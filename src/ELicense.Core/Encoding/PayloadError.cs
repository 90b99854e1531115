namespace ELicense.Core.Encoding;

/// <summary>Why a QR text could not be decoded; each maps to one reason code of the verdict.</summary>
public enum PayloadError
{
    None,
    PrefixUnknown,
    SizeLimitExceeded,
    Base45Invalid,
    CompressionInvalid,
    CoseInvalid,
    HeaderInvalid,
    CborNotCanonical,
    CborDuplicateKey,
    AlgorithmUnknown,
    ContentTypeMismatch,
    PayloadInvalid,
    VersionUnsupported,
}
