using System.Diagnostics.CodeAnalysis;
using ELicense.Core.Crypto;

namespace ELicense.Core.Encoding;

/// <summary>
/// The QR text of DESIGN §4: <c>ELC1:</c> or <c>ELP1:</c> + Base45(zlib(COSE_Sign1)).
/// Decoding is strict and bounded and reports why a text was refused instead of throwing.
/// </summary>
public static class QrPayloadCodec
{
    /// <summary>Signs a payload with the document signer's key under its kid and returns the QR text.</summary>
    public static string Encode(LicencePayload payload, IPayloadSigner signer)
    {
        var cose = CoseSign1.Sign(signer.Key.Algorithm.CoseId, payload.Kind.ContentType(), signer.Kid, LicencePayloadCbor.Encode(payload), signer.Key.Sign);
        return payload.Kind.Prefix() + Base45.Encode(Zlib.Compress(cose));
    }

    /// <summary>
    /// Takes a QR text apart: prefix, size limits, Base45, bounded inflate, COSE_Sign1, a known alg,
    /// the content type agreeing with the prefix, and the payload's CBOR. Checks no signature.
    /// </summary>
    public static bool TryDecode(string? text, DecodeLimits limits, [NotNullWhen(true)] out DecodedPayload? decoded, out PayloadError error)
    {
        decoded = null;
        if (text is null)
        {
            error = PayloadError.PrefixUnknown;
            return false;
        }

        if (text.Length > limits.MaxTextLength)
        {
            error = PayloadError.SizeLimitExceeded;
            return false;
        }

        PayloadKind kind;
        if (text.StartsWith(PayloadKinds.LicencePrefix, StringComparison.Ordinal))
        {
            kind = PayloadKind.Licence;
        }
        else if (text.StartsWith(PayloadKinds.PresentationPrefix, StringComparison.Ordinal))
        {
            kind = PayloadKind.Presentation;
        }
        else
        {
            error = PayloadError.PrefixUnknown;
            return false;
        }

        var body = text.AsSpan(kind.Prefix().Length);
        if (body.Length / 3 * 2 > limits.MaxCompressedBytes)
        {
            error = PayloadError.SizeLimitExceeded;
            return false;
        }

        if (!Base45.TryDecode(body, out var compressed) || compressed.Length == 0)
        {
            error = PayloadError.Base45Invalid;
            return false;
        }

        switch (Zlib.TryInflate(compressed, limits.MaxInflatedBytes, out var cose))
        {
            case Zlib.InflateResult.TooLarge:
                error = PayloadError.SizeLimitExceeded;
                return false;
            case Zlib.InflateResult.Invalid:
                error = PayloadError.CompressionInvalid;
                return false;
        }

        if (!CoseSign1.TryDecode(cose, out var message, out error))
        {
            return false;
        }

        if (!SignatureAlgorithms.TryGet(message.Algorithm, out _))
        {
            error = PayloadError.AlgorithmUnknown;
            return false;
        }

        if (message.ContentType != kind.ContentType())
        {
            error = PayloadError.ContentTypeMismatch;
            return false;
        }

        if (!LicencePayloadCbor.TryDecode(message.Payload, kind, out var payload, out error))
        {
            return false;
        }

        decoded = new DecodedPayload(kind, message, payload);
        return true;
    }
}
