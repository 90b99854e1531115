using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Status;
using ELicense.Testing;

namespace ELicense.Verifier.Tests.Support;

/// <summary>
/// QR texts anyone can write: a well-formed <c>ELC1:</c> licence whose CBOR names any issuer region and
/// any status list, under any kid, with random bytes where the signature belongs. Everything in them
/// decodes; nothing in them was signed by a key a province holds.
/// </summary>
public static class GarbageQr
{
    /// <param name="region">The issuer region the payload claims, e.g. <c>310101</c>.</param>
    /// <param name="statusList">The status list the payload names, e.g. <c>320000-0</c>.</param>
    /// <param name="kid">The kid to claim; random when null (a real province's kid makes the verifier try the real key).</param>
    public static string Make(string region, string statusList, byte[]? kid = null)
    {
        var payload = Some.Licence(region: region, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-1)) with
        {
            Status = new StatusReference(statusList, RandomNumberGenerator.GetInt32(131_072)),
        };
        var signature = RandomNumberGenerator.GetBytes(64);
        var cose = CoseSign1.Sign(Sm2Sm3Algorithm.Id, PayloadKind.Licence.ContentType(), kid ?? RandomNumberGenerator.GetBytes(CoseSign1.KidLength),
            LicencePayloadCbor.Encode(payload), _ => signature);
        return PayloadKind.Licence.Prefix() + Base45.Encode(Zlib.Compress(cose));
    }

    /// <summary>The kid of a QR text's signer.</summary>
    public static byte[] KidOf(string qr)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        return decoded!.Message.Kid;
    }

    /// <summary>The decoded payload of a QR text (no signature checked).</summary>
    public static LicencePayload PayloadOf(string qr)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        return decoded!.Payload;
    }
}
