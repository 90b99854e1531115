using BenchmarkDotNet.Attributes;
using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.Testing;

namespace ELicense.Benchmarks;

/// <summary>
/// The trust list of a province after five years of quarterly rotations: 20 SM2 and 20 RSA document
/// signers. Signing happens on the service once per key change or half-lifetime; verifying (signer
/// chain, signature, each entry's chain) happens at every verifier's refresh.
/// </summary>
[MemoryDiagnoser]
public class TrustListBenchmarks
{
    private readonly CertificateChainValidator roots = new([TestPki.Sm2.Root.Certificate, TestPki.Rsa.Root.Certificate]);
    private TrustList list = null!;
    private DocumentSigner listSigner = null!;
    private byte[] signed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        var entries = new List<TrustListEntry>();
        foreach (var pki in new[] { TestPki.Sm2, TestPki.Rsa })
        {
            var ca = pki.ProvincialCas["320000"];
            for (var i = 0; i < 20; i++)
            {
                var key = SignatureAlgorithms.For(pki.Family).Generate();
                var validity = new ValidityWindow(now.AddDays(-1), now.AddYears(21));
                var certificate = CertificateBuilder.CreateEndEntity(ca.Certificate, ca.Key, key.SubjectPublicKeyInfo, "320000", $"DS {i}", "Bench", validity);
                entries.Add(new TrustListEntry(certificate, i == 19 ? SignerState.Active : SignerState.Retired, CertificatePurposes.ValidityOf(certificate)));
            }
        }

        var signingKey = SignatureAlgorithms.For(KeyFamily.Sm2).Generate();
        var sm2Ca = TestPki.Sm2.ProvincialCas["320000"];
        listSigner = new DocumentSigner(signingKey, CertificateBuilder.CreateListSigner(
            sm2Ca.Certificate, sm2Ca.Key, signingKey.SubjectPublicKeyInfo, "320000", "List signer", "Bench", new ValidityWindow(now.AddDays(-1), now.AddYears(2))));
        list = new TrustList("320000", "江苏省政务服务管理办公室", 80, now, now.AddDays(7),
            [listSigner.Certificate, sm2Ca.Certificate, TestPki.Rsa.ProvincialCas["320000"].Certificate], entries);
        signed = TrustListCodec.Sign(list, listSigner);
    }

    [Benchmark]
    public int Sign() => TrustListCodec.Sign(list, listSigner).Length;

    [Benchmark]
    public int Verify() => TrustListCodec.TryVerify(signed, roots, DateTimeOffset.UtcNow, null, out var verified, out _) ? verified!.Signers.Count : -1;
}
