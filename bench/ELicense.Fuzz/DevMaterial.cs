using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.DevPki;
using ELicense.Testing;

namespace ELicense.Fuzz;

/// <summary>
/// The development PKI of certs/dev (<see cref="DevPkiFiles"/>), read once: the same keys in the process that writes the
/// seeds and in every fuzzing process, so a seed's signature verifies and the fuzzer starts past it.
/// </summary>
public static class DevMaterial
{
    public const string Province = "320000";

    /// <summary>The instant every target judges at: inside the development certificates' validity.</summary>
    public static readonly DateTimeOffset Now = Some.Now;

    private static readonly Lazy<GeneratedPki> LazySm2 = new(() => DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2));
    private static readonly Lazy<GeneratedPki> LazyRsa = new(() => DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Rsa));
    private static readonly Lazy<CertificateChainValidator> LazyValidator = new(() => new CertificateChainValidator([Pki(KeyFamily.Sm2).Root.Certificate, Pki(KeyFamily.Rsa).Root.Certificate]));
    private static readonly Lazy<TrustMaterial> LazyTrust = new(() => GeneratedPki.TrustAcross([Pki(KeyFamily.Sm2), Pki(KeyFamily.Rsa)], Now));

    private static readonly Lazy<DocumentSigner> LazyListSigner = new(() =>
    {
        var ca = Pki(KeyFamily.Sm2).ProvincialCas[Province];
        var key = SignatureAlgorithms.For(KeyFamily.Sm2).Generate();
        var certificate = CertificateBuilder.CreateListSigner(ca.Certificate, ca.Key, key.SubjectPublicKeyInfo, Province,
            "Trust list signer (DEVELOPMENT ONLY)", "Fuzzing seeds", new ValidityWindow(Now.AddDays(-1), Now.AddYears(2)));
        return new DocumentSigner(key, certificate);
    });

    public static CertificateChainValidator Validator => LazyValidator.Value;

    public static TrustMaterial Trust => LazyTrust.Value;

    /// <summary>A trust-list and catalogue signer certified by the 320000 development CA (its certificate travels in what it signs).</summary>
    public static DocumentSigner ListSigner => LazyListSigner.Value;

    public static GeneratedPki Pki(KeyFamily family) => family == KeyFamily.Sm2 ? LazySm2.Value : LazyRsa.Value;

    public static DocumentSigner Signer(KeyFamily family) => Pki(family).SignerFor(Province);

    /// <summary>The province's CA certificate of a family.</summary>
    public static byte[] Ca(KeyFamily family) => Pki(family).ProvincialCas[Province].Certificate;
}
