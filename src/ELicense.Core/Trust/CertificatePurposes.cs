using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.X509;

namespace ELicense.Core.Trust;

/// <summary>
/// What an end-entity certificate of the ELicense PKI is for. A trust-list signer carries the
/// extended key usage id-tsl-kp-tslSigning (0.4.0.2231.3.0), the one ETSI TS 119 612 gives the
/// signers of the EU trusted lists; a document signer carries none. A stolen document-signer key
/// therefore cannot sign a trust list that clears itself, and a list signer cannot sign licences.
/// </summary>
public static class CertificatePurposes
{
    /// <summary>id-tsl-kp-tslSigning (ETSI TS 119 612 §5.7.1).</summary>
    public static readonly DerObjectIdentifier TrustListSigning = new("0.4.0.2231.3.0");

    /// <summary>Whether a DER certificate may sign trust lists; false for anything unparsable.</summary>
    public static bool IsTrustListSigner(byte[] certificate)
    {
        try
        {
            return new X509Certificate(certificate).GetExtendedKeyUsage()?.Contains(TrustListSigning) == true;
        }
        catch (Exception e) when (Encoding.MalformedAsn1.Is(e))
        {
            return false;
        }
    }

    /// <summary>The validity of a DER certificate, as stated in it.</summary>
    public static ValidityWindow ValidityOf(byte[] certificate)
    {
        var parsed = new X509Certificate(certificate);
        return new ValidityWindow(new DateTimeOffset(parsed.NotBefore, TimeSpan.Zero), new DateTimeOffset(parsed.NotAfter, TimeSpan.Zero));
    }
}
