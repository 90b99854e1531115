using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.DevPki;

namespace ELicense.Testing;

/// <summary>Trust lists of the test PKIs: list signers (made once per PKI and province), entries, lists and their signing.</summary>
public static class TestTrustLists
{
    private static readonly Dictionary<(GeneratedPki, string), DocumentSigner> ListSigners = [];

    /// <summary>A trust-list signer of a province under a test PKI, made once.</summary>
    public static DocumentSigner ListSigner(string province, GeneratedPki? pki = null)
    {
        pki ??= TestPki.Sm2;
        lock (ListSigners)
        {
            var key = (pki, province);
            if (!ListSigners.TryGetValue(key, out var signer))
            {
                var ca = pki.ProvincialCas[province];
                var signingKey = SignatureAlgorithms.For(KeyFamily.Sm2).Generate();
                var certificate = CertificateBuilder.CreateListSigner(ca.Certificate, ca.Key, signingKey.SubjectPublicKeyInfo, province,
                    "Trust list signer (DEVELOPMENT ONLY)", "Test", new ValidityWindow(Some.Now.AddDays(-1), Some.Now.AddYears(2)));
                ListSigners[key] = signer = new DocumentSigner(signingKey, certificate);
            }

            return signer;
        }
    }

    public static TrustListEntry Entry(GeneratedPki pki, string province, SignerState state, DateTimeOffset? compromisedAt = null)
    {
        var certificate = pki.DocumentSigners[province].Certificate;
        return new TrustListEntry(certificate, state, CertificatePurposes.ValidityOf(certificate), compromisedAt);
    }

    public static TrustList List(string region, IReadOnlyList<TrustListEntry> entries) => new(
        region, "江苏省政务服务管理办公室", 7, Some.Now, Some.Now.AddDays(7),
        [ListSigner(region).Certificate, TestPki.Sm2.ProvincialCas[region].Certificate, TestPki.Rsa.ProvincialCas[region].Certificate], entries);

    public static byte[] Sign(TrustList list) => TrustListCodec.Sign(list, ListSigner(list.Region));
}
