using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

public class CertificateChainValidatorTests
{
    private static readonly ValidityWindow Window = new(Some.Now.AddDays(-1), Some.Now.AddYears(5));

    public static TheoryData<KeyFamily> Families => new(KeyFamily.Sm2, KeyFamily.Rsa);

    [Theory]
    [MemberData(nameof(Families))]
    public void A_document_signer_chains_to_its_root_and_names_its_province(KeyFamily family)
    {
        var pki = TestPki.For(family);

        var result = Validator(pki).Validate(pki.DocumentSigners["320000"].Certificate, pki.ProvincialCas.Values.Select(c => c.Certificate), Some.Now);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("320000", result.Province);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void A_document_signer_with_a_changed_signature_or_content_is_refused(KeyFamily family)
    {
        var pki = TestPki.For(family);
        var original = pki.DocumentSigners["320000"].Certificate;
        var cas = pki.ProvincialCas.Values.Select(c => c.Certificate).ToList();
        // The last byte lies in the signature; byte 20 in the serial number of the TBSCertificate.
        foreach (var position in new[] { original.Length - 1, original.Length - 10, 20 })
        {
            var changed = (byte[])original.Clone();
            changed[position] ^= 0x01;

            var result = Validator(pki).Validate(changed, cas);

            Assert.False(result.IsValid, $"a change at byte {position} was accepted");
        }
    }

    [Fact]
    public void A_chain_through_another_provinces_ca_is_refused()
    {
        var pki = TestPki.Sm2;

        var result = Validator(pki).Validate(pki.DocumentSigners["320000"].Certificate, [pki.ProvincialCas["310000"].Certificate]);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_chain_to_an_unconfigured_root_is_refused()
    {
        var result = Validator(TestPki.Sm2).Validate(TestPki.Untrusted.DocumentSigners["320000"].Certificate, TestPki.Untrusted.ProvincialCas.Values.Select(c => c.Certificate));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_look_alike_ca_with_the_same_name_but_another_key_is_refused()
    {
        var pki = TestPki.Sm2;
        using var fakeKey = Sm2Sm3Algorithm.Instance.Generate();
        var realCa = new Org.BouncyCastle.X509.X509Certificate(pki.ProvincialCas["320000"].Certificate);
        var fakeCa = CertificateBuilder.CreateProvincialCa(pki.Root.Certificate, fakeKey, fakeKey.SubjectPublicKeyInfo, "320000",
            realCa.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.CN)[0], realCa.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.O)[0], Window);

        var result = Validator(pki).Validate(pki.DocumentSigners["320000"].Certificate, [fakeCa]);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_chain_is_refused_at_an_instant_outside_its_validity()
    {
        var pki = TestPki.Sm2;
        var cas = pki.ProvincialCas.Values.Select(c => c.Certificate);

        Assert.False(Validator(pki).Validate(pki.DocumentSigners["320000"].Certificate, cas, Some.Now.AddYears(-1)).IsValid);
        Assert.False(Validator(pki).Validate(pki.DocumentSigners["320000"].Certificate, cas, Some.Now.AddYears(40)).IsValid);
    }

    [Fact]
    public void A_ca_certificate_cannot_act_as_a_document_signer()
    {
        var pki = TestPki.Sm2;
        using var key = Sm2Sm3Algorithm.Instance.Generate();
        var subCa = CertificateBuilder.CreateProvincialCa(pki.ProvincialCas["320000"].Certificate, pki.ProvincialCas["320000"].Key, key.SubjectPublicKeyInfo, "320000", "Sub CA", "Test", Window);

        var result = Validator(pki).Validate(subCa, pki.ProvincialCas.Values.Select(c => c.Certificate));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void An_end_entity_cannot_issue_a_document_signer()
    {
        var pki = TestPki.Sm2;
        var signer = pki.DocumentSigners["320000"];
        using var key = Sm2Sm3Algorithm.Instance.Generate();
        var leaf = CertificateBuilder.CreateEndEntity(signer.Certificate, signer.Key, key.SubjectPublicKeyInfo, "320000", "Leaf", "Test", Window);

        var result = Validator(pki).Validate(leaf, [signer.Certificate, .. pki.ProvincialCas.Values.Select(c => c.Certificate)]);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_signer_claiming_another_province_than_its_ca_is_refused()
    {
        var pki = TestPki.Sm2;
        var ca = pki.ProvincialCas["320000"];
        using var key = Sm2Sm3Algorithm.Instance.Generate();
        var leaf = CertificateBuilder.CreateEndEntity(ca.Certificate, ca.Key, key.SubjectPublicKeyInfo, "310000", "Cross", "Test", Window);

        var result = Validator(pki).Validate(leaf, [ca.Certificate]);

        Assert.False(result.IsValid);
        Assert.Contains("province", result.Error);
    }

    [Fact]
    public void Garbage_is_refused_without_an_exception()
        => Assert.False(Validator(TestPki.Sm2).Validate([1, 2, 3], TestPki.Sm2.ProvincialCas.Values.Select(c => c.Certificate)).IsValid);

    [Fact]
    public void A_non_ca_certificate_cannot_be_configured_as_a_root()
        => Assert.Throws<ArgumentException>(() => new CertificateChainValidator([TestPki.Sm2.DocumentSigners["320000"].Certificate]));

    [Fact]
    public void Trust_material_admits_only_signers_with_a_valid_chain()
    {
        var builder = new TrustMaterialBuilder(Validator(TestPki.Sm2));

        Assert.True(builder.Add(TestPki.Sm2.DocumentSigners["320000"].Certificate, TestPki.Sm2.ProvincialCas.Values.Select(c => c.Certificate)));
        Assert.False(builder.Add(TestPki.Untrusted.DocumentSigners["320000"].Certificate, TestPki.Untrusted.ProvincialCas.Values.Select(c => c.Certificate)));
        Assert.Single(builder.Refusals);
        Assert.Single(builder.Build(Some.Now).Signers);
    }

    [Fact]
    public void Kid_is_the_first_eight_bytes_of_the_sha256_of_the_certificate()
    {
        var certificate = TestPki.Sm2.DocumentSigners["320000"].Certificate;

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(certificate)[..8], Kid.Compute(certificate));
    }

    private static CertificateChainValidator Validator(ELicense.DevPki.GeneratedPki pki) => new([pki.Root.Certificate]);
}
