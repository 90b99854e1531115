namespace ELicense.Core.Encoding;

/// <summary>A QR text taken apart: the COSE message and the payload it carries, not yet verified.</summary>
/// <param name="Kind">Licence or presentation, from the prefix (and agreed by the content type).</param>
/// <param name="Message">The COSE_Sign1 message.</param>
/// <param name="Payload">The decoded payload.</param>
public sealed record DecodedPayload(PayloadKind Kind, CoseSign1 Message, LicencePayload Payload);
