using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ELicense.Core.Crypto;

/// <summary>
/// The allow-list of signature algorithms, keyed by COSE alg. Anything not listed here is refused;
/// nothing is guessed from a message.
/// </summary>
public static class SignatureAlgorithms
{
    /// <summary>Every accepted algorithm.</summary>
    public static readonly IReadOnlyList<ISignatureAlgorithm> All = [Sm2Sm3Algorithm.Instance, RsaPs256Algorithm.Instance];

    /// <summary>The algorithm with this COSE alg, or false when it is not on the list.</summary>
    public static bool TryGet(int coseId, [NotNullWhen(true)] out ISignatureAlgorithm? algorithm)
    {
        algorithm = coseId switch
        {
            Sm2Sm3Algorithm.Id => Sm2Sm3Algorithm.Instance,
            RsaPs256Algorithm.Id => RsaPs256Algorithm.Instance,
            _ => null,
        };
        return algorithm is not null;
    }

    /// <summary>The algorithm for a key family.</summary>
    public static ISignatureAlgorithm For(KeyFamily family) => family switch
    {
        KeyFamily.Sm2 => Sm2Sm3Algorithm.Instance,
        KeyFamily.Rsa => RsaPs256Algorithm.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "No algorithm for this key family."),
    };

    /// <summary>Imports a public key with the algorithm its SubjectPublicKeyInfo names: the key decides the algorithm.</summary>
    /// <exception cref="CryptographicException">No listed algorithm takes this key.</exception>
    public static IVerificationKey ImportPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        foreach (var algorithm in All)
        {
            if (algorithm.AcceptsPublicKey(subjectPublicKeyInfo))
            {
                return algorithm.ImportPublicKey(subjectPublicKeyInfo);
            }
        }

        throw new CryptographicException("The public key is neither SM2 (sm2p256v1) nor RSA.");
    }

    /// <summary>Imports an unencrypted PKCS#8 private key of either family.</summary>
    /// <exception cref="CryptographicException">The key is of neither family.</exception>
    public static ISigningKey ImportPrivateKey(ReadOnlySpan<byte> pkcs8)
    {
        try
        {
            return Sm2Sm3Algorithm.Instance.ImportPrivateKey(pkcs8);
        }
        catch (CryptographicException)
        {
            return RsaPs256Algorithm.Instance.ImportPrivateKey(pkcs8);
        }
    }
}
