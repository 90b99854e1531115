namespace ELicense.Core.Crypto;

/// <summary>A decoded public key, safe to share between threads and meant to be reused: decoding is the costly part.</summary>
public interface IVerificationKey
{
    ISignatureAlgorithm Algorithm { get; }

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Verifies a signature in the COSE form (SM2: 64-byte r‖s; RSA: the PSS block). Never throws for a bad signature.</summary>
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
