using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.Testing;

namespace ELicense.Fuzz;

/// <summary>
/// The development PKI of certs/dev, read once: the same keys in the process that writes the seeds
/// and in every fuzzing process, so a seed's signature verifies and the fuzzer starts past it.
/// </summary>
public static class DevMaterial
{
    public const string Province = "320000";

    /// <summary>The instant every target judges at: inside the development certificates' validity.</summary>
    public static readonly DateTimeOffset Now = Some.Now;

    private static readonly Lazy<CertificateChainValidator> LazyValidator = new(() => new CertificateChainValidator([Certificate("dev-root-sm2"), Certificate("dev-root-rsa")]));

    private static readonly Lazy<TrustMaterial> LazyTrust = new(() =>
    {
        var builder = new TrustMaterialBuilder(Validator);
        foreach (var family in new[] { KeyFamily.Sm2, KeyFamily.Rsa })
        {
            builder.Add(Signer(family).Certificate, [Certificate($"dev-ca-{Province}-{Name(family)}")], SignerState.Active, null, null);
        }

        return builder.Build(Now);
    });

    private static readonly Lazy<DocumentSigner> LazyListSigner = new(() =>
    {
        var ca = Certificate($"dev-ca-{Province}-sm2");
        var caKey = KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, $"dev-ca-{Province}-sm2.key.pem")), Password());
        var key = SignatureAlgorithms.For(KeyFamily.Sm2).Generate();
        var certificate = CertificateBuilder.CreateListSigner(ca, caKey, key.SubjectPublicKeyInfo, Province,
            "Trust list signer (DEVELOPMENT ONLY)", "Fuzzing seeds", new ValidityWindow(Now.AddDays(-1), Now.AddYears(2)));
        return new DocumentSigner(key, certificate);
    });

    public static CertificateChainValidator Validator => LazyValidator.Value;

    public static TrustMaterial Trust => LazyTrust.Value;

    /// <summary>A trust-list and catalogue signer certified by the 320000 development CA (its certificate travels in what it signs).</summary>
    public static DocumentSigner ListSigner => LazyListSigner.Value;

    public static DocumentSigner Signer(KeyFamily family) => SignedForge.DevSigner(Province, family);

    public static byte[] Certificate(string name) => KeyPem.ReadCertificates(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, name + ".crt.pem")))[0];

    private static string Name(KeyFamily family) => family == KeyFamily.Sm2 ? "sm2" : "rsa";

    private static string Password() => File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-keys-password.txt")).Trim();
}
