using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace ELicense.Testing;

/// <summary>
/// CMS SignedData structures no signer makes, derived from a genuine detached signature: each keeps
/// everything of the original but one odd part (an empty set, a missing certificate, a truncated or
/// oversized length), so a verifier meets it after the parts that came before it checked out — the
/// message digest still matches the signed data wherever the odd part lies further on.
/// </summary>
public static class MalformedCms
{
    private static readonly DerObjectIdentifier ContentType = new("1.2.840.113549.1.9.3");
    private static readonly DerObjectIdentifier MessageDigest = new("1.2.840.113549.1.9.4");
    private static readonly DerObjectIdentifier SigningCertificateV2 = new("1.2.840.113549.1.9.16.2.47");

    /// <summary>The malformed variants of <paramref name="genuine"/> (a DER ContentInfo, zero padding after it allowed), each named.</summary>
    public static IReadOnlyList<(string Name, byte[] Cms)> From(byte[] genuine)
    {
        using var input = new Asn1InputStream(genuine);
        var contentInfo = ContentInfo.GetInstance(input.ReadObject());
        var signedData = SignedData.GetInstance(contentInfo.Content);
        var signer = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        var attributes = signer.SignedAttrs.Cast<Asn1Encodable>().Select(Attribute.GetInstance).ToList();
        var der = Encode(contentInfo.ContentType, signedData);

        byte[] WithSigner(SignerInfo changed) => Encode(contentInfo.ContentType, With(signedData, signerInfos: new DerSet(changed)));
        byte[] WithAttributes(IEnumerable<Attribute> changed) => WithSigner(Signer(signer, signedAttributes: new DerSet(changed.Cast<Asn1Encodable>().ToArray())));
        IEnumerable<Attribute> Replace(DerObjectIdentifier type, Asn1Set values) =>
            attributes.Select(a => a.AttrType.Equals(type) ? new Attribute(type, values) : a);

        var certificate = X509CertificateStructure.GetInstance(signedData.Certificates[0]);
        var otherSerial = new IssuerAndSerialNumber(certificate.Issuer, new DerInteger(certificate.SerialNumber.Value.Add(Org.BouncyCastle.Math.BigInteger.One)));
        var oid = contentInfo.ContentType.GetEncoded(Asn1Encodable.Der);
        return
        [
            ("an empty signed-attribute set", WithAttributes([])),
            ("no certificates", Encode(contentInfo.ContentType, With(signedData, certificates: Absent))),
            ("an empty certificate set", Encode(contentInfo.ContentType, With(signedData, certificates: new DerSet()))),
            ("a certificate set holding an INTEGER", Encode(contentInfo.ContentType, With(signedData, certificates: new DerSet(DerInteger.ValueOf(7))))),
            ("a certificate set holding a SEQUENCE that is no certificate", Encode(contentInfo.ContentType, With(signedData, certificates: new DerSet(new DerSequence(DerInteger.ValueOf(7)))))),
            ("a signer identifier matching no certificate", WithSigner(Signer(signer, identifier: new SignerIdentifier(otherSerial)))),
            ("a signer identified by a subject key identifier", WithSigner(Signer(signer, identifier: new SignerIdentifier(new SubjectKeyIdentifier(new byte[20]))))),
            ("no signer info", Encode(contentInfo.ContentType, With(signedData, signerInfos: new DerSet()))),
            ("two signer infos", Encode(contentInfo.ContentType, With(signedData, signerInfos: new DerSet(signer, Signer(signer, identifier: new SignerIdentifier(otherSerial)))))),
            ("signing-certificate-v2 with no certificate ids", WithAttributes(Replace(SigningCertificateV2, new DerSet(new DerSequence(new DerSequence()))))),
            ("signing-certificate-v2 that is an INTEGER", WithAttributes(Replace(SigningCertificateV2, new DerSet(DerInteger.ValueOf(1))))),
            ("a content-type attribute with an empty value set", WithAttributes(Replace(ContentType, new DerSet()))),
            ("a message-digest attribute with an empty value set", WithAttributes(Replace(MessageDigest, new DerSet()))),
            ("a signing-certificate-v2 attribute with an empty value set", WithAttributes(Replace(SigningCertificateV2, new DerSet()))),
            ("a message-digest attribute with two values", WithAttributes(Replace(MessageDigest, new DerSet(new DerOctetString(new byte[32]), new DerOctetString(new byte[31]))))),
            ("the message-digest attribute twice", WithAttributes([.. attributes, attributes.Single(a => a.AttrType.Equals(MessageDigest))])),
            ("signed attributes holding an INTEGER", WithSigner(Signer(signer, signedAttributes: new DerSet(DerInteger.ValueOf(3))))),
            ("an empty signature value", WithSigner(Signer(signer, signature: new DerOctetString([])))),
            ("no signedData content", new DerSequence(contentInfo.ContentType).GetEncoded(Asn1Encodable.Der)),
            ("signedData content that is an INTEGER", new DerSequence(contentInfo.ContentType, new DerTaggedObject(true, 0, DerInteger.ValueOf(5))).GetEncoded(Asn1Encodable.Der)),
            ("an empty SEQUENCE", [0x30, 0x00]),
            ("only zeros", new byte[64]),
            ("nothing", []),
            ("truncated to 3 bytes", der[..3]),
            ("truncated to half", der[..(der.Length / 2)]),
            ("truncated by one byte", der[..^1]),
            ("an outer length of 2 GiB", [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, .. der[2..]]),
            ("an outer length of eight bytes", [0x30, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. der[2..]]),
            ("an inner length of 2 GiB", [0x30, (byte)(oid.Length + 8), .. oid, 0xA0, 0x06, 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF]),
            ("an indefinite length never closed", [0x30, 0x80, .. oid, 0xA0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01]),
            ("a SET where the ContentInfo SEQUENCE belongs", [0x31, .. der[1..]]),
        ];
    }

    private static readonly Asn1Set Absent = new DerSet(DerNull.Instance);

    private static byte[] Encode(DerObjectIdentifier type, SignedData signedData) => new ContentInfo(type, signedData).GetEncoded(Asn1Encodable.Der);

    /// <summary>A copy of the SignedData with some parts replaced; certificates <see cref="Absent"/> leaves them out.</summary>
    private static SignedData With(SignedData original, Asn1Set? certificates = null, Asn1Set? signerInfos = null) => new(
        original.DigestAlgorithms,
        original.EncapContentInfo,
        ReferenceEquals(certificates, Absent) ? null : certificates ?? original.Certificates,
        original.CRLs,
        signerInfos ?? original.SignerInfos);

    private static SignerInfo Signer(SignerInfo original, SignerIdentifier? identifier = null, Asn1Set? signedAttributes = null, Asn1OctetString? signature = null) => new(
        identifier ?? original.SignerID,
        original.DigestAlgorithm,
        signedAttributes ?? original.SignedAttrs,
        original.SignatureAlgorithm,
        signature ?? original.Signature,
        original.UnsignedAttrs);
}
