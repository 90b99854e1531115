namespace ELicense.Core.Crypto;

/// <summary>
/// One signature algorithm, named by its COSE alg. Implementations are registered in
/// <see cref="SignatureAlgorithms"/>, the allow-list; an alg that is not there is refused.
/// </summary>
public interface ISignatureAlgorithm
{
    /// <summary>The COSE algorithm value (RFC 9053 / IANA registry, or private use for SM2).</summary>
    int CoseId { get; }

    /// <summary>A short name for logs and documents (PS256, SM2-SM3).</summary>
    string Name { get; }

    /// <summary>The key family the algorithm needs.</summary>
    KeyFamily Family { get; }

    /// <summary>True when the DER SubjectPublicKeyInfo holds a key of this algorithm's family.</summary>
    bool AcceptsPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo);

    /// <summary>Imports a public key from a DER SubjectPublicKeyInfo, decoding it once for all later verifications.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed, of another family or too weak.</exception>
    IVerificationKey ImportPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo);

    /// <summary>Imports a private key from unencrypted PKCS#8 DER. The caller clears the input.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or of another family.</exception>
    ISigningKey ImportPrivateKey(ReadOnlySpan<byte> pkcs8);

    /// <summary>Generates a new key pair.</summary>
    ISigningKey Generate();
}
