using System.Security.Cryptography;
using ELicense.Core.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Digests;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace ELicense.Core.Documents;

/// <summary>
/// Detached CMS signatures (RFC 5652 SignedData without encapsulated content) over data given in
/// parts, as a PDF signature's byte range is. The signed attributes are those of PAdES baseline
/// B-B (ETSI EN 319 142-1 §5.2): content-type, message-digest and signing-certificate-v2 — and no
/// signing-time, which PAdES forbids; the claimed signing time is the signature dictionary's /M.
/// </summary>
public static class DetachedCms
{
    private static readonly DerObjectIdentifier ContentTypeAttribute = new("1.2.840.113549.1.9.3");
    private static readonly DerObjectIdentifier MessageDigestAttribute = new("1.2.840.113549.1.9.4");
    private static readonly DerObjectIdentifier SigningCertificateV2Attribute = new("1.2.840.113549.1.9.16.2.47");

    /// <summary>Signs the concatenation of <paramref name="parts"/> with the profile of the key's family.</summary>
    /// <param name="key">The document signer's private key.</param>
    /// <param name="certificate">The DER certificate of that key; embedded in the signature.</param>
    /// <param name="parts">The signed data, in order.</param>
    /// <returns>The DER ContentInfo.</returns>
    public static byte[] Sign(ISigningKey key, byte[] certificate, IEnumerable<ReadOnlyMemory<byte>> parts)
    {
        var profile = CmsProfile.For(key.Algorithm.Family);
        var certificateStructure = X509CertificateStructure.GetInstance(certificate);
        var digestAlgorithm = new AlgorithmIdentifier(new DerObjectIdentifier(profile.DigestAlgorithm));
        var attributes = new DerSet(
            new Attribute(ContentTypeAttribute, new DerSet(new DerObjectIdentifier(profile.DataType))),
            new Attribute(MessageDigestAttribute, new DerSet(new DerOctetString(Digest(profile, parts)))),
            new Attribute(SigningCertificateV2Attribute, new DerSet(new SigningCertificateV2(
                [new EssCertIDv2(digestAlgorithm, Digest(profile, [certificate]))]))));
        var signature = Signature(key, attributes.GetEncoded(Asn1Encodable.Der));

        var signerInfo = new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(certificateStructure.Issuer, certificateStructure.SerialNumber)),
            digestAlgorithm,
            attributes,
            new AlgorithmIdentifier(new DerObjectIdentifier(profile.SignatureAlgorithm), profile.Family == KeyFamily.Rsa ? DerNull.Instance : null),
            new DerOctetString(signature),
            null);
        var signedData = new SignedData(
            new DerSet(digestAlgorithm),
            new ContentInfo(new DerObjectIdentifier(profile.DataType), null),
            new DerSet(certificateStructure),
            null,
            new DerSet(signerInfo));
        return new ContentInfo(new DerObjectIdentifier(profile.SignedDataType), signedData).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>Checks a detached CMS signature over the concatenation of <paramref name="parts"/>: one signer,
    /// the profile's algorithms, content type, message digest, signing-certificate-v2 and the signature.
    /// Never throws for any input: whatever the bytes are, a malformed structure is a failed verification.</summary>
    /// <returns>The outcome; <see cref="CmsVerification.SignerCertificate"/> is set when the signer's certificate was found.</returns>
    public static CmsVerification Verify(ReadOnlySpan<byte> cms, IEnumerable<ReadOnlyMemory<byte>> parts)
    {
        try
        {
            // A PDF pads the signature with zeros to its reserved size: read one object and ignore what follows.
            // Its limit is the input's length: a length in the DER beyond the bytes given fails, it allocates nothing.
            using var input = new Asn1InputStream(cms.ToArray());
            return input.ReadObject() is Asn1Sequence sequence
                ? VerifyStructure(ContentInfo.GetInstance(sequence), parts)
                : CmsVerification.Failed("The signature is not a well-formed CMS SignedData: it does not start with a SEQUENCE.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // BouncyCastle reports odd ASN.1 with many exception types (IOException, ArgumentException,
            // InvalidCastException, IndexOutOfRangeException, …): every one of them is a bad signature.
            return CmsVerification.Failed($"The signature is not a well-formed CMS SignedData: {e.GetType().Name}: {e.Message}");
        }
    }

    private static CmsVerification VerifyStructure(ContentInfo contentInfo, IEnumerable<ReadOnlyMemory<byte>> parts)
    {
        var profile = CmsProfile.ForSignedDataType(contentInfo.ContentType.Id);
        if (profile is null)
        {
            return CmsVerification.Failed($"The content type {contentInfo.ContentType.Id} is no signedData.");
        }

        if (contentInfo.Content is null || SignedData.GetInstance(contentInfo.Content) is not { } signedData)
        {
            return CmsVerification.Failed("The signedData content is missing.");
        }

        if (signedData.SignerInfos is not { Count: 1 } || signedData.EncapContentInfo?.Content is not null)
        {
            return CmsVerification.Failed("A detached signature with exactly one signer is expected.");
        }

        if (signedData.Certificates is not { Count: > 0 })
        {
            return CmsVerification.Failed("The signature carries no certificate: the signer's certificate must be embedded.");
        }

        var signerInfo = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        if (signerInfo.SignerID.IsTagged)
        {
            return CmsVerification.Failed("The signer is identified by a subject key identifier; issuer and serial number are expected.");
        }

        var certificate = FindCertificate(signedData, signerInfo.SignerID);
        if (certificate is null)
        {
            return CmsVerification.Failed("The signer's certificate is not in the signature.");
        }

        var certificateDer = certificate.GetEncoded(Asn1Encodable.Der);
        if (signerInfo.DigestAlgorithm.Algorithm.Id != profile.DigestAlgorithm || signerInfo.SignatureAlgorithm.Algorithm.Id != profile.SignatureAlgorithm)
        {
            return CmsVerification.Failed("The digest or signature algorithm does not belong to the profile.", certificateDer);
        }

        if (signerInfo.SignedAttrs is not { Count: > 0 } signedAttributes)
        {
            return CmsVerification.Failed("The signer info has no signed attributes (content-type, message-digest, signing-certificate-v2 are required).", certificateDer);
        }

        var (contentType, messageDigest, signingCertificate, attributeError) = ReadAttributes(signedAttributes);
        if (attributeError is not null)
        {
            return CmsVerification.Failed(attributeError, certificateDer);
        }

        if ((contentType as DerObjectIdentifier)?.Id != profile.DataType || messageDigest is not Asn1OctetString digest || signingCertificate is null)
        {
            return CmsVerification.Failed("A required signed attribute (content-type, message-digest, signing-certificate-v2) is missing or wrong.", certificateDer);
        }

        if (!CryptographicOperations.FixedTimeEquals(digest.GetOctets(), Digest(profile, parts)))
        {
            return CmsVerification.Failed("The signed data was changed: its digest differs from the signed message-digest.", certificateDer);
        }

        var certificateIds = SigningCertificateV2.GetInstance(signingCertificate).GetCerts();
        if (certificateIds is not { Length: > 0 })
        {
            return CmsVerification.Failed("signing-certificate-v2 names no certificate.", certificateDer);
        }

        if (!CryptographicOperations.FixedTimeEquals(certificateIds[0].GetCertHash(), Digest(profile, [certificateDer])))
        {
            return CmsVerification.Failed("signing-certificate-v2 names another certificate.", certificateDer);
        }

        var key = SignatureAlgorithms.ImportPublicKey(certificate.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der));
        var signed = signedAttributes.GetEncoded(Asn1Encodable.Der);
        var signature = signerInfo.Signature.GetOctets();
        var valid = key switch
        {
            Sm2VerificationKey sm2 when profile.Family == KeyFamily.Sm2 => Sm2Der.TryToRaw(signature, out var raw) && sm2.Verify(signed, raw),
            RsaVerificationKey rsa when profile.Family == KeyFamily.Rsa => rsa.VerifyPkcs1Sha256(signed, signature),
            _ => false,
        };
        return valid ? CmsVerification.Succeeded(certificateDer) : CmsVerification.Failed("The signature value does not verify under the signer's certificate.", certificateDer);
    }

    /// <summary>The single value of each required signed attribute; an error when one is there with no or several
    /// values, or appears twice (RFC 5652 §5.3: content-type and message-digest are single-valued, and once).</summary>
    private static (Asn1Encodable? ContentType, Asn1Encodable? MessageDigest, Asn1Encodable? SigningCertificate, string? Error) ReadAttributes(Asn1Set signedAttributes)
    {
        Asn1Encodable? contentType = null, messageDigest = null, signingCertificate = null;
        foreach (var element in signedAttributes)
        {
            var attribute = Attribute.GetInstance(element);
            var type = attribute.AttrType;
            if (!type.Equals(ContentTypeAttribute) && !type.Equals(MessageDigestAttribute) && !type.Equals(SigningCertificateV2Attribute))
            {
                continue;
            }

            if (attribute.AttrValues is not { Count: 1 } values)
            {
                return (null, null, null, $"The signed attribute {type.Id} must have exactly one value, not {attribute.AttrValues?.Count ?? 0}.");
            }

            ref var slot = ref type.Equals(ContentTypeAttribute) ? ref contentType : ref type.Equals(MessageDigestAttribute) ? ref messageDigest : ref signingCertificate;
            if (slot is not null)
            {
                return (null, null, null, $"The signed attribute {type.Id} appears more than once.");
            }

            slot = values[0];
        }

        return (contentType, messageDigest, signingCertificate, null);
    }

    private static X509CertificateStructure? FindCertificate(SignedData signedData, SignerIdentifier signer)
    {
        var wanted = IssuerAndSerialNumber.GetInstance(signer.ID);
        foreach (var entry in signedData.Certificates ?? new DerSet())
        {
            if (entry is not Asn1Sequence)
            {
                continue; // an attribute or other certificate ([1], [2], [3]): never the signer's
            }

            var certificate = X509CertificateStructure.GetInstance(entry);
            if (certificate.Issuer.Equivalent(wanted.Issuer) && certificate.SerialNumber.Equals(wanted.SerialNumber))
            {
                return certificate;
            }
        }

        return null;
    }

    private static byte[] Signature(ISigningKey key, byte[] signedAttributes) => key switch
    {
        Sm2SigningKey sm2 => Sm2Der.FromRaw(sm2.Sign(signedAttributes)),
        RsaSigningKey rsa => rsa.SignPkcs1Sha256(signedAttributes),
        _ => throw new ArgumentException("The key is neither SM2 nor RSA.", nameof(key)),
    };

    private static byte[] Digest(CmsProfile profile, IEnumerable<ReadOnlyMemory<byte>> parts)
    {
        if (profile.Family == KeyFamily.Sm2)
        {
            var sm3 = new SM3Digest();
            foreach (var part in parts)
            {
                sm3.BlockUpdate(part.Span);
            }

            var result = new byte[sm3.GetDigestSize()];
            sm3.DoFinal(result, 0);
            return result;
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            sha256.AppendData(part.Span);
        }

        return sha256.GetHashAndReset();
    }
}
