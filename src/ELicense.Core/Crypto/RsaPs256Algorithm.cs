using System.Security.Cryptography;

namespace ELicense.Core.Crypto;

/// <summary>
/// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt: COSE PS256 (-37, RFC 8230), on .NET's
/// own RSA (OpenSSL underneath), which is many times faster than BouncyCastle's. Keys below 2048 bits are refused.
/// </summary>
public sealed class RsaPs256Algorithm : ISignatureAlgorithm
{
    public const int Id = -37;
    public const int MinimumKeySize = 2048;

    public static readonly RsaPs256Algorithm Instance = new();

    private RsaPs256Algorithm()
    {
    }

    public int CoseId => Id;

    public string Name => "PS256";

    public KeyFamily Family => KeyFamily.Rsa;

    public bool AcceptsPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public IVerificationKey ImportPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new CryptographicException("Trailing bytes after the RSA public key.");
            }

            RequireStrength(rsa);
            return new RsaVerificationKey(rsa, subjectPublicKeyInfo.ToArray());
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public ISigningKey ImportPrivateKey(ReadOnlySpan<byte> pkcs8)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            RequireStrength(rsa);
            return new RsaSigningKey(rsa);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>A 2048-bit key: the size DESIGN §4 budgets the QR for (a 256-byte signature).</summary>
    public ISigningKey Generate() => new RsaSigningKey(RSA.Create(2048));

    private static void RequireStrength(RSA rsa)
    {
        if (rsa.KeySize < MinimumKeySize)
        {
            throw new CryptographicException($"RSA keys below {MinimumKeySize} bits are refused; this one has {rsa.KeySize}.");
        }
    }
}
