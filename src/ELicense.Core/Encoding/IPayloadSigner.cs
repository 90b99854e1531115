using ELicense.Core.Crypto;

namespace ELicense.Core.Encoding;

/// <summary>
/// What <see cref="QrPayloadCodec.Encode"/> signs with: a key and the kid the COSE header names. The document signer
/// of the trust layer is one; the codec needs to know no more of it, so encoding does not depend on trust.
/// </summary>
public interface IPayloadSigner
{
    /// <summary>The private key that signs.</summary>
    ISigningKey Key { get; }

    /// <summary>The kid written into the protected header (DESIGN §5).</summary>
    byte[] Kid { get; }
}
