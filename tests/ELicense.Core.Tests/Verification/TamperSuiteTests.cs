using System.Formats.Cbor;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Reasons;
using ELicense.Core.Tests.Encoding;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Verification;

/// <summary>
/// Every way of spoiling a signed licence ends INVALID with the right reason, and no exception
/// leaves the pipeline.
/// </summary>
public class TamperSuiteTests
{
    private static readonly HashSet<ReasonCode> DecodeOrSignature =
    [
        ReasonCode.Base45Invalid, ReasonCode.CompressionInvalid, ReasonCode.SizeLimitExceeded, ReasonCode.CoseInvalid, ReasonCode.HeaderInvalid,
        ReasonCode.CborNotCanonical, ReasonCode.CborDuplicateKey, ReasonCode.AlgUnknown, ReasonCode.ContentTypeMismatch, ReasonCode.PayloadInvalid,
        ReasonCode.VersionUnsupported, ReasonCode.TypeUnknown, ReasonCode.ContentInvalid, ReasonCode.IdentifierInvalid, ReasonCode.IdentifierMismatch,
        ReasonCode.UntrustedIssuer, ReasonCode.AlgMismatch, ReasonCode.SignatureInvalid, ReasonCode.PrefixUnknown,
    ];

    [Theory]
    [InlineData(KeyFamily.Sm2)]
    [InlineData(KeyFamily.Rsa)]
    public void Every_single_bit_flip_of_the_signed_cose_message_is_invalid(KeyFamily family)
    {
        var scenario = new Scenario(family);
        var cose = CoseForge.Unwrap(scenario.Text);
        for (var bit = 0; bit < cose.Length * 8; bit++)
        {
            var flipped = (byte[])cose.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));

            var verdict = scenario.Verify(CoseForge.Text(flipped));

            Assert.True(verdict.Kind == VerdictKind.Invalid && DecodeOrSignature.Contains(verdict.FirstReason!.Code), $"bit {bit}: {verdict.Kind} {verdict.FirstReason?.Code}");
        }
    }

    /// <summary>
    /// A flip in the text is INVALID, except where it lands in the padding bits after the last
    /// deflate block: those carry nothing, the inflated message is byte for byte the signed one, and
    /// accepting it accepts exactly what the issuer signed.
    /// </summary>
    [Fact]
    public void Every_single_bit_flip_of_the_qr_text_is_invalid_or_leaves_the_signed_bytes_unchanged()
    {
        var scenario = new Scenario();
        var signed = CoseForge.Unwrap(scenario.Text);
        var unchanged = 0;
        for (var bit = 0; bit < scenario.Text.Length * 7; bit++)
        {
            var chars = scenario.Text.ToCharArray();
            chars[bit / 7] = (char)(chars[bit / 7] ^ (1 << (bit % 7)));
            var text = new string(chars);

            var verdict = scenario.Verify(text);

            if (verdict.Kind == VerdictKind.Valid)
            {
                Assert.Equal(signed, CoseForge.Unwrap(text));
                unchanged++;
                continue;
            }

            Assert.True(verdict.Kind == VerdictKind.Invalid && DecodeOrSignature.Contains(verdict.FirstReason!.Code), $"bit {bit}: {verdict.Kind} {verdict.FirstReason?.Code}");
        }

        Assert.True(unchanged <= 8, $"{unchanged} flips left the message readable");
    }

    [Fact]
    public void Truncation_at_every_length_is_invalid()
    {
        var scenario = new Scenario();
        for (var length = 0; length < scenario.Text.Length; length++)
        {
            var verdict = scenario.Verify(scenario.Text[..length]);

            Assert.True(verdict.Kind == VerdictKind.Invalid && DecodeOrSignature.Contains(verdict.FirstReason!.Code), $"length {length}: {verdict.Kind} {verdict.FirstReason?.Code}");
        }
    }

    [Theory]
    [InlineData("ELC2:")]
    [InlineData("elc1:")]
    [InlineData("HC1:")]
    [InlineData("")]
    [InlineData(" ELC1:")]
    public void A_wrong_prefix_is_prefix_unknown(string prefix)
    {
        var scenario = new Scenario();

        Assert.Equal(ReasonCode.PrefixUnknown, scenario.Verify(prefix + scenario.Text[5..]).FirstReason!.Code);
    }

    [Fact]
    public void Null_text_is_prefix_unknown()
        => Assert.Equal(ReasonCode.PrefixUnknown, Scenario.Pipeline.Verify(null, TestPki.Trust(), null, Some.Now).FirstReason!.Code);

    [Theory]
    [InlineData("ELC1:abc")]
    [InlineData("ELC1:A")]
    [InlineData("ELC1:GGW")]
    [InlineData("ELC1:ÄÖÜ")]
    public void Bad_base45_is_base45_invalid(string text) => Assert.Equal(ReasonCode.Base45Invalid, new Scenario().Verify(text).FirstReason!.Code);

    [Fact]
    public void A_zip_bomb_is_refused_by_size()
    {
        var bomb = PayloadKinds.LicencePrefix + Base45.Encode(Zlib.Compress(new byte[2_000_000]));

        Assert.Equal(ReasonCode.SizeLimitExceeded, new Scenario().Verify(bomb).FirstReason!.Code);
    }

    [Fact]
    public void An_oversized_text_is_refused_before_decoding()
        => Assert.Equal(ReasonCode.SizeLimitExceeded, new Scenario().Verify("ELC1:" + new string('0', 10_000)).FirstReason!.Code);

    [Fact]
    public void A_payload_with_a_non_canonical_integer_is_cbor_not_canonical()
    {
        var scenario = new Scenario();
        var payload = LicencePayloadCbor.Encode(scenario.Licence);

        // Key 1 → value 1 is a1 01 01 at the start of the map; write the value 1 in two bytes (18 01).
        Assert.Equal(0x01, payload[2]);
        byte[] widened = [payload[0], payload[1], 0x18, 0x01, .. payload[3..]];

        Assert.Equal(ReasonCode.CborNotCanonical, scenario.Verify(scenario.SignRaw(widened)).FirstReason!.Code);
    }

    [Fact]
    public void A_payload_with_unsorted_keys_is_cbor_not_canonical()
    {
        var scenario = new Scenario();
        var reader = new CborReader(LicencePayloadCbor.Encode(scenario.Licence));
        var count = reader.ReadStartMap()!.Value;
        var entries = new List<(byte[] Key, byte[] Value)>();
        for (var i = 0; i < count; i++)
        {
            entries.Add((reader.ReadEncodedValue().ToArray(), reader.ReadEncodedValue().ToArray()));
        }

        entries.Reverse();
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(count);
        foreach (var (key, value) in entries)
        {
            writer.WriteEncodedValue(key);
            writer.WriteEncodedValue(value);
        }

        writer.WriteEndMap();

        Assert.Equal(ReasonCode.CborNotCanonical, scenario.Verify(scenario.SignRaw(writer.Encode())).FirstReason!.Code);
    }

    [Fact]
    public void A_payload_with_a_duplicate_key_is_cbor_duplicate_key()
    {
        var scenario = new Scenario();
        var payload = LicencePayloadCbor.Encode(scenario.Licence);

        // Repeat the first entry (1: version) and raise the map's count by one.
        byte[] duplicated = [(byte)(payload[0] + 1), payload[1], payload[2], payload[1], payload[2], .. payload[3..]];

        Assert.Equal(ReasonCode.CborDuplicateKey, scenario.Verify(scenario.SignRaw(duplicated)).FirstReason!.Code);
    }

    [Fact]
    public void A_duplicate_field_key_is_cbor_duplicate_key()
    {
        var scenario = new Scenario();
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(2);
        writer.WriteTextString("sex");
        writer.WriteTextString("男");
        writer.WriteTextString("sex");
        writer.WriteTextString("女");
        writer.WriteEndMap();
        var fields = LicencePayloadCbor.Encode(scenario.Licence with { Fields = new Dictionary<string, string> { ["sex"] = "男" } });
        var single = new CborWriter(CborConformanceMode.Canonical);
        single.WriteStartMap(1);
        single.WriteTextString("sex");
        single.WriteTextString("男");
        single.WriteEndMap();
        var patched = Replace(fields, single.Encode(), writer.Encode());

        Assert.Equal(ReasonCode.CborDuplicateKey, scenario.Verify(scenario.SignRaw(patched)).FirstReason!.Code);
    }

    [Fact]
    public void A_duplicate_protected_header_is_cbor_duplicate_key()
    {
        var scenario = new Scenario();
        var header = CoseForge.ProtectedHeader(scenario.Signer.Key.Algorithm.CoseId, PayloadKinds.LicenceContentType, scenario.Signer.Kid, w =>
        {
            w.WriteInt32(1);
            w.WriteInt32(RsaPs256Algorithm.Id);
        }, entries: 4);
        var text = CoseForge.Text(CoseForge.Message(header, LicencePayloadCbor.Encode(scenario.Licence), scenario.Signer.Key.Sign));

        Assert.Equal(ReasonCode.CborDuplicateKey, scenario.Verify(text).FirstReason!.Code);
    }

    [Fact]
    public void An_unknown_alg_is_alg_unknown()
    {
        var scenario = new Scenario();

        Assert.Equal(ReasonCode.AlgUnknown, scenario.Verify(scenario.SignRaw(LicencePayloadCbor.Encode(scenario.Licence), alg: -7)).FirstReason!.Code);
    }

    [Fact]
    public void An_rsa_alg_over_an_sm2_key_is_alg_mismatch()
    {
        var scenario = new Scenario(KeyFamily.Sm2);

        var verdict = scenario.Verify(scenario.SignRaw(LicencePayloadCbor.Encode(scenario.Licence), alg: RsaPs256Algorithm.Id));

        Assert.Equal(ReasonCode.AlgMismatch, verdict.FirstReason!.Code);
        Assert.Equal(CheckResult.Ok, verdict.Checks.Identifier);
        Assert.Equal(CheckResult.Failed, verdict.Checks.Signature);
    }

    [Fact]
    public void An_sm2_alg_over_an_rsa_key_is_alg_mismatch()
    {
        var scenario = new Scenario(KeyFamily.Rsa);

        Assert.Equal(ReasonCode.AlgMismatch, scenario.Verify(scenario.SignRaw(LicencePayloadCbor.Encode(scenario.Licence), alg: Sm2Sm3Algorithm.Id)).FirstReason!.Code);
    }

    [Fact]
    public void An_untagged_message_is_cose_invalid()
    {
        var scenario = new Scenario();
        var header = CoseForge.ProtectedHeader(scenario.Signer.Key.Algorithm.CoseId, PayloadKinds.LicenceContentType, scenario.Signer.Kid);

        var text = CoseForge.Text(CoseForge.Message(header, LicencePayloadCbor.Encode(scenario.Licence), scenario.Signer.Key.Sign, tagged: false));

        Assert.Equal(ReasonCode.CoseInvalid, scenario.Verify(text).FirstReason!.Code);
    }

    [Fact]
    public void Anything_in_the_unprotected_header_is_header_invalid()
    {
        var scenario = new Scenario();
        var header = CoseForge.ProtectedHeader(scenario.Signer.Key.Algorithm.CoseId, PayloadKinds.LicenceContentType, scenario.Signer.Kid);

        var text = CoseForge.Text(CoseForge.Message(header, LicencePayloadCbor.Encode(scenario.Licence), scenario.Signer.Key.Sign, w =>
        {
            w.WriteStartMap(1);
            w.WriteInt32(1);
            w.WriteInt32(RsaPs256Algorithm.Id);
            w.WriteEndMap();
        }));

        Assert.Equal(ReasonCode.HeaderInvalid, scenario.Verify(text).FirstReason!.Code);
    }

    [Fact]
    public void A_licence_behind_a_presentation_prefix_is_content_type_mismatch()
    {
        var scenario = new Scenario();

        Assert.Equal(ReasonCode.ContentTypeMismatch, scenario.Verify("ELP1:" + scenario.Text[5..]).FirstReason!.Code);
    }

    [Fact]
    public void A_signature_from_another_key_under_a_trusted_kid_is_signature_invalid()
    {
        var scenario = new Scenario();
        var impostor = TestPki.Untrusted.SignerFor("320000");
        var header = CoseForge.ProtectedHeader(Sm2Sm3Algorithm.Id, PayloadKinds.LicenceContentType, scenario.Signer.Kid);

        var text = CoseForge.Text(CoseForge.Message(header, LicencePayloadCbor.Encode(scenario.Licence), impostor.Key.Sign));

        Assert.Equal(ReasonCode.SignatureInvalid, scenario.Verify(text).FirstReason!.Code);
    }

    [Fact]
    public void Random_bytes_never_escape_as_an_exception()
    {
        var scenario = new Scenario();
        var random = new Random(20261128);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                bytes = Zlib.Compress(bytes);
            }

            var verdict = scenario.Verify(PayloadKinds.LicencePrefix + Base45.Encode(bytes));

            Assert.Equal(VerdictKind.Invalid, verdict.Kind);
        }
    }

    private static byte[] Replace(byte[] data, byte[] find, byte[] replacement)
    {
        var at = data.AsSpan().IndexOf(find);
        Assert.True(at >= 0);
        return [.. data[..at], .. replacement, .. data[(at + find.Length)..]];
    }
}
