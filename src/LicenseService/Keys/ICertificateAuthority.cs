using ELicense.Core.Crypto;
using ELicense.Core.Trust;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// The provincial CA as LicenseService needs it: certify a new document signer or trust-list signer
/// for a public key. Development reads the CA key from <c>certs/dev/</c>
/// (<see cref="FileCertificateAuthority"/>); production implements this over an offline CA's
/// signing service or a PKCS#11 token, so that the CA key never enters this process.
/// </summary>
public interface ICertificateAuthority
{
    /// <summary>The DER certificate of the provincial CA of an algorithm family; it goes into the trust list.</summary>
    /// <exception cref="InvalidOperationException">The CA has no certificate of that family.</exception>
    byte[] CaCertificate(KeyFamily family);

    /// <summary>The families the CA can certify.</summary>
    IReadOnlyCollection<KeyFamily> Families { get; }

    /// <summary>Issues a certificate for a public key of the given family.</summary>
    /// <param name="purpose">A document signer or the trust-list signer.</param>
    /// <param name="family">The key's family; the CA of that family signs.</param>
    /// <param name="subjectPublicKeyInfo">The DER public key to certify.</param>
    /// <param name="commonName">The subject's common name.</param>
    /// <param name="validity">The certificate's validity.</param>
    /// <param name="cancellationToken">Cancels a slow CA.</param>
    Task<byte[]> IssueAsync(
        SignerPurpose purpose, KeyFamily family, byte[] subjectPublicKeyInfo, string commonName, ValidityWindow validity, CancellationToken cancellationToken);
}

/// <summary>What a certificate the CA issues is for.</summary>
public enum SignerPurpose
{
    DocumentSigner,
    TrustListSigner,
}
