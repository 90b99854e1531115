using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using Org.BouncyCastle.X509;

namespace ELicense.Core.Trust;

/// <summary>A signing key together with its document-signer certificate, ready to sign licences under its kid.</summary>
public sealed class DocumentSigner : IPayloadSigner
{
    /// <exception cref="ArgumentException">The certificate does not hold the key's public key, or names no province.</exception>
    public DocumentSigner(ISigningKey key, byte[] certificate)
    {
        var parsed = new X509Certificate(certificate);
        if (!parsed.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded().AsSpan().SequenceEqual(key.SubjectPublicKeyInfo))
        {
            throw new ArgumentException("The certificate does not hold the signing key's public key.", nameof(certificate));
        }

        Key = key;
        Certificate = certificate;
        Kid = Trust.Kid.Compute(certificate);
        Province = CertificateNames.ProvinceOf(parsed.SubjectDN)
                   ?? throw new ArgumentException($"The certificate '{parsed.SubjectDN}' names no province code (OU).", nameof(certificate));
        Validity = new ValidityWindow(new DateTimeOffset(parsed.NotBefore, TimeSpan.Zero), new DateTimeOffset(parsed.NotAfter, TimeSpan.Zero));
    }

    public ISigningKey Key { get; }

    public byte[] Certificate { get; }

    public byte[] Kid { get; }

    public string Province { get; }

    public ValidityWindow Validity { get; }
}
