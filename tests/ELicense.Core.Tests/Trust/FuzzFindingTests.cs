using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.DevPki;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

/// <summary>
/// What coverage-guided fuzzing found (docs/reliability.md), kept as regressions. Vectors/fuzz holds
/// the inputs AFL++ saved, as they were: each must be refused with a reason, never raise.
/// </summary>
public sealed class FuzzFindingTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "ELicense.Core.Tests", "Vectors", "fuzz");

    public static TheoryData<string> TrustListFindings() => new(Directory.EnumerateFiles(Folder, "trust-list-*.cose").Select(Path.GetFileName).Order()!);

    /// <summary>
    /// A trust list whose signer certificate's signature BIT STRING declares six padding bits: BouncyCastle raised
    /// IOException ("expected octet-aligned bitstring") from the chain check, out of TrustListCodec.TryVerify.
    /// </summary>
    [Theory]
    [MemberData(nameof(TrustListFindings))]
    public void A_trust_list_the_fuzzer_saved_is_refused_with_a_reason(string file)
    {
        var validator = new CertificateChainValidator(new[] { KeyFamily.Sm2, KeyFamily.Rsa }.Select(f => DevPkiFiles.Read(RepositoryPaths.DevCertificates, f).Root.Certificate));

        var verified = TrustListCodec.TryVerify(File.ReadAllBytes(Path.Combine(Folder, file)), validator, Some.Now, null, out _, out var error);

        Assert.False(verified);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData(KeyFamily.Sm2)]
    [InlineData(KeyFamily.Rsa)]
    public void A_certificate_whose_signature_has_padding_bits_fails_its_chain_and_does_not_raise(KeyFamily family)
    {
        var pki = TestPki.For(family);
        var certificate = (byte[])pki.DocumentSigners["320000"].Certificate.Clone();
        certificate[SignatureBitStringValue(certificate)] = 6;
        var validator = new CertificateChainValidator([pki.Root.Certificate]);

        var result = validator.Validate(certificate, [pki.ProvincialCas["320000"].Certificate], Some.Now);

        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    /// <summary>The offset of the first content byte (the count of unused bits) of the certificate's last element, its signature BIT STRING.</summary>
    private static int SignatureBitStringValue(byte[] der)
    {
        for (var at = der.Length - 3; at > 0; at--)
        {
            if (der[at] != 0x03)
            {
                continue;
            }

            var (length, header) = der[at + 1] switch
            {
                < 0x80 => (der[at + 1], 2),
                0x81 => (der[at + 2], 3),
                0x82 => ((der[at + 2] << 8) | der[at + 3], 4),
                _ => (-1, 0),
            };
            if (length > 0 && at + header + length == der.Length && der[at + header] == 0)
            {
                return at + header;
            }
        }

        throw new InvalidOperationException("no signature BIT STRING at the end of the certificate");
    }
}
