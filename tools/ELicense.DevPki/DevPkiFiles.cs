using ELicense.Core.Crypto;

namespace ELicense.DevPki;

/// <summary>
/// The file layout of <c>certs/dev/</c>: every name starts with <c>dev-</c>, every PEM file opens
/// with a line saying it is for development, and private keys are encrypted PKCS#8 under the
/// password in <c>dev-keys-password.txt</c>.
/// </summary>
public static class DevPkiFiles
{
    public const string PasswordFile = "dev-keys-password.txt";
    public const string Password = "elicense-development-only";
    /// <summary>
    /// PBKDF2 iterations of the development key files. <c>KeyPem</c>'s default (100,000) is unchanged; here the
    /// password is committed beside the keys, so iterations guard nothing, and 100,000 cost about 45 ms per key file
    /// read: a service start reads the two CA keys, and the document signers' when its store holds none of that family
    /// yet; a test process reads many more.
    /// </summary>
    public const int Iterations = 1_000;

    private const string Banner = "# ELicense development PKI: for development and tests only, never for real licences.\n";

    public static string Suffix(KeyFamily family) => family == KeyFamily.Sm2 ? "sm2" : "rsa";

    public static string RootCertificate(KeyFamily family) => $"dev-root-{Suffix(family)}.crt.pem";

    public static string RootKey(KeyFamily family) => $"dev-root-{Suffix(family)}.key.pem";

    public static string CaCertificate(string province, KeyFamily family) => $"dev-ca-{province}-{Suffix(family)}.crt.pem";

    public static string CaKey(string province, KeyFamily family) => $"dev-ca-{province}-{Suffix(family)}.key.pem";

    public static string SignerCertificate(string province, KeyFamily family) => $"dev-ds-{province}-{Suffix(family)}.crt.pem";

    public static string SignerKey(string province, KeyFamily family) => $"dev-ds-{province}-{Suffix(family)}.key.pem";

    /// <summary>The self-signed certificate whose key signs development bearer tokens (JWT, PS256).</summary>
    public const string TokenIssuerCertificate = "dev-token-issuer-rsa.crt.pem";

    /// <summary>The private key that signs development bearer tokens.</summary>
    public const string TokenIssuerKey = "dev-token-issuer-rsa.key.pem";

    /// <summary>The key-encryption key that protects private keys in a development store (<c>Keys:KekFile</c>).</summary>
    public const string KekFile = "dev-kek.txt";

    /// <summary>The id of the development KEK.</summary>
    public const string KekId = "dev-kek-1";

    /// <summary>Writes a fresh development KEK file (one line: id and 32 random bytes in base64).</summary>
    public static void WriteKek(string folder) => WriteAtomically(Path.Combine(folder, KekFile),
        Banner + "# Key-encryption keys: one per line, '<id> <base64 of 32 bytes>'. The first is the current one unless Keys:CurrentKek says otherwise.\n"
        + KekId + " " + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");

    /// <summary>Writes a generated PKI into a folder, replacing what was there.</summary>
    public static void Write(GeneratedPki pki, string folder)
    {
        Directory.CreateDirectory(folder);
        WriteMember(folder, RootCertificate(pki.Family), RootKey(pki.Family), pki.Root);
        foreach (var (province, ca) in pki.ProvincialCas)
        {
            WriteMember(folder, CaCertificate(province, pki.Family), CaKey(province, pki.Family), ca);
        }

        foreach (var (province, signer) in pki.DocumentSigners)
        {
            WriteMember(folder, SignerCertificate(province, pki.Family), SignerKey(province, pki.Family), signer);
        }

        File.WriteAllText(Path.Combine(folder, PasswordFile), Password + "\n");
    }

    /// <summary>Writes the development token issuer: a fresh RSA key and its self-signed certificate.</summary>
    public static void WriteTokenIssuer(string folder, DateTimeOffset now) =>
        WriteMember(folder, TokenIssuerCertificate, TokenIssuerKey, PkiGenerator.GenerateTokenIssuer(now));

    /// <summary>Reads the PKI of one family back from a folder.</summary>
    /// <exception cref="FileNotFoundException">A file of the layout is missing.</exception>
    public static GeneratedPki Read(string folder, KeyFamily family, IEnumerable<Province>? provinces = null)
    {
        PkiMember ReadMember(string certificate, string key) => new(
            KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(Path.Combine(folder, key)), Password),
            KeyPem.ReadCertificates(File.ReadAllText(Path.Combine(folder, certificate)))[0]);

        var codes = (provinces ?? Province.Development).Select(p => p.Code).ToList();
        return new GeneratedPki
        {
            Family = family,
            Root = ReadMember(RootCertificate(family), RootKey(family)),
            ProvincialCas = codes.ToDictionary(c => c, c => ReadMember(CaCertificate(c, family), CaKey(c, family))),
            DocumentSigners = codes.ToDictionary(c => c, c => ReadMember(SignerCertificate(c, family), SignerKey(c, family))),
        };
    }

    private static void WriteMember(string folder, string certificateFile, string keyFile, PkiMember member)
    {
        WriteAtomically(Path.Combine(folder, certificateFile), Banner + KeyPem.WriteCertificate(member.Certificate) + "\n");
        WriteAtomically(Path.Combine(folder, keyFile), Banner + KeyPem.WriteEncryptedPrivateKey(member.Key, Password, Iterations) + "\n");
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
