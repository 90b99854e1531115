using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §4: the QR text decodes strictly and within bounds (prefix, Base45, bounded zlib,
/// COSE_Sign1 with a known alg, canonical CBOR without duplicate keys), names a well-formed issuer, a
/// licence's validity ends after it starts, and a presentation claims no more than a short lifetime. The content against its type's definition is
/// checked last (<see cref="ContentStage"/>), once the signer's province is known.
/// </summary>
public sealed class FormatStage : VerificationStage
{
    public override CheckName Check => CheckName.Format;

    public override Reason? Run(VerificationState state)
    {
        var decoded = state.Decoded;
        if (decoded is null)
        {
            if (!QrPayloadCodec.TryDecode(state.Text, state.Options.Limits, out decoded, out var error))
            {
                return ReasonCatalogue.Create(ToReason(error));
            }

            state.Decoded = decoded;
        }

        var payload = decoded.Payload;
        var fieldError = decoded.Kind == PayloadKind.Presentation ? CheckPresentationLifetime(payload, state.Options)
            : payload.ValidUntil <= payload.ValidFrom ? new FieldError("validUntil", "range", "The end of validity must be after its start.", "有效期截止日期必须晚于起始日期。")
            : null;
        fieldError ??= CheckIssuer(payload.Issuer);
        return fieldError is null ? null : ReasonCatalogue.Create(ReasonCode.ContentInvalid, fieldError.Message, fieldError.MessageZh);
    }

    /// <summary>A presentation claims no more than a short lifetime.</summary>
    private static FieldError? CheckPresentationLifetime(LicencePayload payload, VerificationOptions options)
    {
        var lifetime = payload.ValidUntil!.Value - payload.IssuedAt;
        return lifetime > TimeSpan.Zero && lifetime <= options.MaxPresentationLifetime
            ? null
            : new FieldError("validUntil", "range", "A presentation must expire within minutes of being made.", "动态码的有效期过长。");
    }

    private static FieldError? CheckIssuer(Issuer issuer)
    {
        if (!RegionCode.IsValid(issuer.RegionCode))
        {
            return FieldErrors.Format("issuer.regionCode", "a six-digit GB/T 2260 region code", "六位 GB/T 2260 行政区划代码");
        }

        return string.IsNullOrWhiteSpace(issuer.AuthorityName) ? FieldErrors.Required("issuer.authorityName", "发证机关") : null;
    }

    private static ReasonCode ToReason(PayloadError error) => error switch
    {
        PayloadError.PrefixUnknown => ReasonCode.PrefixUnknown,
        PayloadError.SizeLimitExceeded => ReasonCode.SizeLimitExceeded,
        PayloadError.Base45Invalid => ReasonCode.Base45Invalid,
        PayloadError.CompressionInvalid => ReasonCode.CompressionInvalid,
        PayloadError.CoseInvalid => ReasonCode.CoseInvalid,
        PayloadError.HeaderInvalid => ReasonCode.HeaderInvalid,
        PayloadError.CborNotCanonical => ReasonCode.CborNotCanonical,
        PayloadError.CborDuplicateKey => ReasonCode.CborDuplicateKey,
        PayloadError.AlgorithmUnknown => ReasonCode.AlgUnknown,
        PayloadError.ContentTypeMismatch => ReasonCode.ContentTypeMismatch,
        PayloadError.VersionUnsupported => ReasonCode.VersionUnsupported,
        _ => ReasonCode.PayloadInvalid,
    };
}
