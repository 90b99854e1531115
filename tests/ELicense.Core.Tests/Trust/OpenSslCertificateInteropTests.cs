using System.Text.RegularExpressions;
using ELicense.Core.Tests.Crypto;
using ELicense.DevPki;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

/// <summary>
/// The committed development PKI checked by openssl. RSA chains go through <c>openssl verify</c>.
/// OpenSSL 3.0's chain verification uses another SM2 user ID than 1234567812345678, so each SM2
/// certificate's signature is checked directly: asn1parse cuts out the TBSCertificate and the
/// signature, and <c>openssl dgst -sm3</c> verifies them with the standard user ID.
/// </summary>
public class OpenSslCertificateInteropTests
{
    public static TheoryData<string> Provinces => new(Province.Development.Select(p => p.Code));

    [Theory]
    [MemberData(nameof(Provinces))]
    public void Openssl_verify_accepts_each_rsa_dev_chain(string province)
    {
        var result = Verify($"dev-ca-{province}-rsa.crt.pem", $"dev-ds-{province}-rsa.crt.pem");

        Assert.True(result.ExitCode == 0 && result.Output.Contains(": OK"), result.ToString());
    }

    [Theory]
    [MemberData(nameof(Provinces))]
    public void Openssl_verify_rejects_an_rsa_chain_with_a_wrong_intermediate(string province)
    {
        var other = Province.Development.First(p => p.Code != province).Code;

        var result = Verify($"dev-ca-{other}-rsa.crt.pem", $"dev-ds-{province}-rsa.crt.pem");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Provinces))]
    public void Each_sm2_certificate_signature_verifies_with_openssl_under_its_issuer(string province)
    {
        Assert.Equal(0, VerifySm2Signature($"dev-ca-{province}-sm2.crt.pem", "dev-root-sm2.crt.pem").ExitCode);
        Assert.Equal(0, VerifySm2Signature($"dev-ds-{province}-sm2.crt.pem", $"dev-ca-{province}-sm2.crt.pem").ExitCode);
    }

    [Fact]
    public void The_sm2_root_signature_verifies_with_openssl_under_its_own_key()
        => Assert.Equal(0, VerifySm2Signature("dev-root-sm2.crt.pem", "dev-root-sm2.crt.pem").ExitCode);

    [Theory]
    [MemberData(nameof(Provinces))]
    public void An_sm2_certificate_signature_fails_with_openssl_under_another_ca(string province)
    {
        var other = Province.Development.First(p => p.Code != province).Code;

        var result = VerifySm2Signature($"dev-ds-{province}-sm2.crt.pem", $"dev-ca-{other}-sm2.crt.pem");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Verification failure", result.Output + result.Error);
    }

    private static ExternalTool.Result Verify(string intermediate, string leaf)
    {
        using var work = Copy(intermediate, leaf, "dev-root-rsa.crt.pem");
        return work.Run("verify", "-CAfile", "dev-root-rsa.crt.pem", "-untrusted", intermediate, leaf);
    }

    private static ExternalTool.Result VerifySm2Signature(string certificate, string issuer)
    {
        using var work = Copy(certificate, issuer);
        var parsed = work.Run("asn1parse", "-in", certificate);
        Assert.Equal(0, parsed.ExitCode);

        // The outer SEQUENCE's children (depth 1): TBSCertificate, signatureAlgorithm, signatureValue.
        var children = Regex.Matches(parsed.Output, @"^\s*(\d+):d=1\s.*?(SEQUENCE|BIT STRING)", RegexOptions.Multiline);
        Assert.Equal(3, children.Count);
        Assert.Equal(0, work.Run("asn1parse", "-in", certificate, "-strparse", children[0].Groups[1].Value, "-out", "tbs.der", "-noout").ExitCode);
        Assert.Equal(0, work.Run("asn1parse", "-in", certificate, "-strparse", children[2].Groups[1].Value, "-out", "sig.der", "-noout").ExitCode);
        Assert.Equal(0, work.Run("x509", "-in", issuer, "-pubkey", "-noout", "-out", "issuer-pub.pem").ExitCode);
        return work.Run("dgst", "-sm3", "-verify", "issuer-pub.pem", "-sigopt", OpenSslWorkspace.Sm2UserId, "-signature", "sig.der", "tbs.der");
    }

    private static OpenSslWorkspace Copy(params string[] files)
    {
        var work = new OpenSslWorkspace();
        foreach (var file in files.Distinct())
        {
            work.Write(file, File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, file)));
        }

        return work;
    }
}
