namespace ELicense.Core.Crypto;

/// <summary>A private key that signs. Dispose it to clear what can be cleared.</summary>
public interface ISigningKey : IDisposable
{
    ISignatureAlgorithm Algorithm { get; }

    /// <summary>The DER SubjectPublicKeyInfo of the matching public key.</summary>
    byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Signs data; the signature is in the COSE form (SM2: 64-byte r‖s).</summary>
    byte[] Sign(byte[] data);

    /// <summary>Exports the private key as unencrypted PKCS#8 DER, for a key protector to wrap. Never write it out as it is.</summary>
    byte[] ExportPkcs8();
}
