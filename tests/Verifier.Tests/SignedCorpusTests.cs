using System.Formats.Cbor;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ELicense.Verifier.Tests;

/// <summary>
/// Texts that break one rule each and are nevertheless signed with the very development key the
/// running 320000 LicenseService trusts (or, where the signer is the point, with another province's
/// key or the wrong key under the right kid), posted to <c>POST /api/v1/verify</c> of a Verifier that
/// trusts 320000 only. A valid signature is what a stolen key, an insider or a buggy issuer produces:
/// the rules behind it — status lists of the signer's own province only, strict canonical decoding,
/// validity windows, presentation lifetimes, identifiers, regions — must hold on their own. Each case
/// is named, so a regression names the rule it broke; each must give its exact verdict and first
/// reason, never VALID and never a 5xx. A genuine licence, and the forge's own untampered output,
/// are VALID, so the corpus fails for what each case changes and for nothing else.
/// </summary>
[TestCaseOrderer(OrdererTypeName, "Verifier.Tests")]
public sealed class SignedCorpusTests(VerifierFixture fixture) : IClassFixture<VerifierFixture>
{
    private const string OrdererTypeName = "ELicense.Verifier.Tests." + nameof(SignedCorpusTests) + "+" + nameof(CorpusOrder);

    private const string Invalid = "INVALID";
    private const string Indeterminate = "INDETERMINATE";

    /// <summary>
    /// DESIGN §12: a type no catalogue the Verifier holds defines leaves a genuine licence INDETERMINATE (its content cannot
    /// be checked), never INVALID for that alone.
    /// </summary>
    private const string TypeUnknownVerdict = Indeterminate;

    /// <summary>The list the province allocates first: it exists once the province has issued a licence.</summary>
    private const string RealList = "320000-0";

    private const long RealIndex = 4711;

    private static readonly int ListSize = new IssuanceOptions().StatusListSize;

    private static readonly ConditionalWeakTable<VerifierFixture, Lazy<Task<string>>> FirstLicence = new();

    private static readonly Case[] Corpus =
    [
        // DESIGN §6: a status list belongs to one province; a licence signed by 320000 cannot have another's list speak for it.
        new("status list 310000-0 of another province", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("310000-0")),
        new("status list 330000-5 of another province", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("330000-5")),
        new("status list 110000-0 of another province", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("110000-0")),
        new("status list 320100-0 of a city, not a province", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320100-0")),

        // StatusListName: {province}-{canonical decimal}, so one list has one name and nothing else reaches the fetcher.
        new("status list 320000-00 with a padded number", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-00")),
        new("status list 320000-01 with a leading zero", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-01")),
        new("status list 320000--1 with a negative number", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000--1")),
        new("status list 320000-+1 with a plus sign", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-+1")),
        new("status list 320000- without a number", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-")),
        new("status list 320000-1a with a letter", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-1a")),
        new("status list 32000-1 with a five-digit region", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("32000-1")),
        new("status list 320000-9999999999 (ten digits)", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-9999999999")),
        new("status list 320000-0 with a trailing space", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-0 ")),
        new("status list 320000-０ with a full-width digit", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-\uFF10")),
        new("status list named by an empty text", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("")),
        new("status list named by a URL of another host", Indeterminate, "STATUS_LIST_INVALID",
            f => f.WithStatus("https://status.example.org/api/v1/status-lists/320000-0")),
        new("status list named by a relative path", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("../status-lists/320000-0")),
        new("status list named by 512 characters", Indeterminate, "STATUS_LIST_INVALID", f => f.WithStatus("320000-" + new string('1', 505))),

        // DESIGN §6: the province serves only lists that hold licences; any other name is 404, never signed.
        new("status list 320000-999999 that does not exist", Indeterminate, "STATUS_UNAVAILABLE", f => f.WithStatus("320000-999999")),
        new("status list 320000-123456 that does not exist", Indeterminate, "STATUS_UNAVAILABLE", f => f.WithStatus("320000-123456")),
        new("status list 320000-999999999 that does not exist", Indeterminate, "STATUS_UNAVAILABLE", f => f.WithStatus("320000-999999999")),

        // An index outside the real list has no entry: no status, so no VALID. LicencePayloadCbor refuses a negative one outright.
        new("index 2^40 in the real list", Indeterminate, "STATUS_UNAVAILABLE", f => f.WithStatus(RealList, 1L << 40)),
        new("index 131072 × 64 in the real list", Indeterminate, "STATUS_UNAVAILABLE", f => f.WithStatus(RealList, 131_072L * 64)),
        new("index Int64.MaxValue in the real list", Indeterminate, "STATUS_UNAVAILABLE", f => f.WithStatus(RealList, long.MaxValue)),
        new("index one past the end of the real list", Indeterminate, "STATUS_UNAVAILABLE", f => f.WithStatus(RealList, ListSize)),
        new("index -1 in the real list", Invalid, "PAYLOAD_INVALID", f => f.WithStatus(RealList, -1)),
        new("index Int64.MinValue in the real list", Invalid, "PAYLOAD_INVALID", f => f.WithStatus(RealList, long.MinValue)),
        new("index UInt64.MaxValue in the real list", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Edit(10, x => x.Set(2, CborItem.UInt(ulong.MaxValue))))),

        // DESIGN §4 validity: a signer's clock runs at most the allowed skew ahead; validity is the licence's own window.
        new("issued-at one day ahead", Invalid, "ISSUED_IN_FUTURE", f => f.WithLicence(p => Dated(p, f.Now.AddDays(1)))),
        new("issued-at ten years ahead", Invalid, "ISSUED_IN_FUTURE", f => f.WithLicence(p => Dated(p, f.Now.AddYears(10)))),
        new("issued-at six minutes ahead, past the clock skew", Invalid, "ISSUED_IN_FUTURE", f => f.WithLicence(p => Dated(p, f.Now.AddMinutes(6)))),
        new("valid-from one day ahead", Invalid, "NOT_YET_VALID", f => f.WithLicence(p => p with { ValidFrom = f.Now.AddDays(1) })),
        new("valid-until ten minutes ago", Invalid, "EXPIRED", f => f.WithLicence(p => Dated(p, f.Now.AddHours(-1)) with { ValidUntil = f.Now.AddMinutes(-10) })),
        new("valid-until before valid-from", Invalid, "CONTENT_INVALID", f => f.WithLicence(p => p with { ValidUntil = p.ValidFrom.AddDays(-1) })),
        new("issued-at before the signer's certificate", Invalid, "CERTIFICATE_NOT_VALID_AT_SIGNING",
            f => f.WithLicence(p => Dated(p, new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero)))),

        // docs/payload-format.md: one canonical encoding; a repeated key is named as such, any other deviation as not canonical.
        new("payload keys out of order", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Swap(0, 1))),
        new("format version as a two-byte integer", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Set(1, CborItem.PaddedSmallUInt(1)))),
        new("issued-at as an eight-byte integer", Invalid, "CBOR_NOT_CANONICAL",
            f => f.WithPayload(m => m.Set(7, CborItem.LongUInt((ulong)f.Licence.IssuedAt.ToUnixTimeSeconds())))),
        new("payload map with a padded count", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Encode(CborMapEntries.Header.Padded))),
        new("payload as an indefinite-length map", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Encode(CborMapEntries.Header.Indefinite))),
        new("identifier as an indefinite-length text", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Set(2, CborItem.ChunkedText(f.Licence.Identifier, 3)))),
        new("fields as an indefinite-length map", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Edit(6, x => x.Encode(CborMapEntries.Header.Indefinite)))),
        new("field names out of order", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Edit(6, x => x.Reversed()))),
        new("status index before status list", Invalid, "CBOR_NOT_CANONICAL", f => f.WithPayload(m => m.Edit(10, x => x.Swap(0, 1)))),
        new("format version key twice", Invalid, "CBOR_DUPLICATE_KEY", f => f.WithPayload(m => m.Repeat(1))),
        new("status reference key twice", Invalid, "CBOR_DUPLICATE_KEY", f => f.WithPayload(m => m.Repeat(10))),
        new("a field named twice", Invalid, "CBOR_DUPLICATE_KEY", f => f.WithPayload(m => m.Edit(6, x => x.Repeat(x.Entries[0].Key)))),
        new("issuer region twice", Invalid, "CBOR_DUPLICATE_KEY", f => f.WithPayload(m => m.Edit(4, x => x.Repeat(1)))),
        new("status list named twice, once another province's", Invalid, "CBOR_DUPLICATE_KEY",
            f => f.WithPayload(m => m.Edit(10, x => CborMapEntries.Of(x.Entries[0], (CborItem.Int(1), CborItem.Text("310000-0")), x.Entries[1])))),
        new("protected header keys out of order", Invalid, "CBOR_NOT_CANONICAL", f => f.WithHeader(Header(LicenceContentType, Sm2Alg, Kid))),
        new("protected header naming alg twice", Invalid, "CBOR_DUPLICATE_KEY", f => f.WithHeader(Header(Sm2Alg, Sm2Alg, LicenceContentType, Kid))),
        new("content type as a four-byte integer", Invalid, "CBOR_NOT_CANONICAL", f => f.WithHeader(Header(Sm2Alg, (3, [0x1A, 0x00, 0x00, 0xFD, 0xE8]), Kid))),
        new("signature length in two bytes", Invalid, "CBOR_NOT_CANONICAL", f => f.WithSignature(signature => CborItem.LongLengthBytes(signature))),

        // docs/payload-format.md headers: the content type binds the kind to the signature and must agree with the prefix.
        new("content type 65002 that names no kind", Invalid, "CONTENT_TYPE_MISMATCH", f => f.WithHeader(Forge.Header(contentType: 65002))),
        new("presentation content type behind ELC1:", Invalid, "CONTENT_TYPE_MISMATCH",
            f => f.WithHeader(Forge.Header(contentType: PayloadKinds.PresentationContentType), PayloadKind.Presentation, PayloadKinds.LicencePrefix)),
        new("licence content type behind ELP1:", Invalid, "CONTENT_TYPE_MISMATCH", f => f.WithHeader(Forge.Header(), PayloadKind.Licence, PayloadKinds.PresentationPrefix)),
        new("a status list token's typ, no content type", Invalid, "CONTENT_TYPE_MISMATCH", f => f.WithHeader(Header(Sm2Alg, Kid, StatusListType))),
        new("both a content type and a typ", Invalid, "HEADER_INVALID", f => f.WithHeader(Header(Sm2Alg, LicenceContentType, Kid, StatusListType))),
        new("content type as a media-type text", Invalid, "COSE_INVALID", f => f.WithHeader(Header(Sm2Alg, (3, CborItem.Text("application/cbor")), Kid))),

        // DESIGN §4: known alg only, and the key decides the algorithm, not the message.
        new("alg ES256, not accepted", Invalid, "ALG_UNKNOWN", f => f.WithHeader(Forge.Header(alg: -7))),
        new("alg -65600 beside the SM2 one", Invalid, "ALG_UNKNOWN", f => f.WithHeader(Forge.Header(alg: -65600))),
        new("PS256 under the SM2 key's kid", Invalid, "ALG_MISMATCH", f => f.WithHeader(Forge.Header(alg: Forge.RsaAlg), key: Forge.RsaSigner.Key)),
        new("SM2-SM3 under the RSA key's kid", Invalid, "ALG_MISMATCH", f => f.WithHeader(Forge.Header(kid: Forge.RsaSigner.Kid))),

        // docs/payload-format.md: exactly {1, 3, 4} protected, nothing unprotected, an 8-byte kid.
        new("a certificate (x5chain) in the protected header", Invalid, "HEADER_INVALID",
            f => f.WithHeader(Header(Sm2Alg, LicenceContentType, Kid, (33, CborItem.Bytes(Forge.Signer.Certificate))))),
        new("protected header without kid", Invalid, "HEADER_INVALID", f => f.WithHeader(Header(Sm2Alg, LicenceContentType))),
        new("kid of 7 bytes", Invalid, "HEADER_INVALID", f => f.WithHeader(Forge.Header(kid: Forge.Signer.Kid[..7]))),
        new("kid of 9 bytes", Invalid, "HEADER_INVALID", f => f.WithHeader(Forge.Header(kid: [.. Forge.Signer.Kid, 0]))),
        new("empty kid", Invalid, "HEADER_INVALID", f => f.WithHeader(Forge.Header(kid: []))),
        new("kid repeated in the unprotected header", Invalid, "HEADER_INVALID", f => f.WithUnprotected(Header(Kid))),
        new("alg in the unprotected header", Invalid, "HEADER_INVALID", f => f.WithUnprotected(Header((1, CborItem.Int(Forge.RsaAlg))))),
        new("unprotected header as an indefinite empty map", Invalid, "HEADER_INVALID", f => f.WithUnprotected([0xBF, 0xFF])),
        new("COSE_Sign1 without its tag", Invalid, "COSE_INVALID",
            f => f.WithMessage((header, payload, signature) => SignedForge.Message(header, payload, signature, tagged: false))),

        // DESIGN §4: a presentation lives 60 s, and a verifier refuses any that claims more than minutes.
        new("presentation valid for ten minutes", Invalid, "CONTENT_INVALID", f => f.WithPresentation(p => p with { ValidUntil = p.IssuedAt.AddMinutes(10) })),
        new("presentation valid for a day", Invalid, "CONTENT_INVALID", f => f.WithPresentation(p => p with { ValidUntil = p.IssuedAt.AddDays(1) })),
        new("presentation valid for ten years", Invalid, "CONTENT_INVALID", f => f.WithPresentation(p => p with { ValidUntil = p.IssuedAt.AddYears(10) })),
        new("presentation valid for no time", Invalid, "CONTENT_INVALID", f => f.WithPresentation(p => p with { ValidUntil = p.IssuedAt })),
        new("presentation expiring before it was made", Invalid, "CONTENT_INVALID", f => f.WithPresentation(p => p with { ValidUntil = p.IssuedAt.AddMinutes(-1) })),
        new("presentation that expired nine minutes ago", Invalid, "PRESENTATION_EXPIRED",
            f => f.WithPresentation(p => Dated(p, f.Now.AddMinutes(-10)) with { ValidUntil = f.Now.AddMinutes(-9) })),
        new("presentation made a day ahead", Invalid, "ISSUED_IN_FUTURE",
            f => f.WithPresentation(p => Dated(p, f.Now.AddDays(1)) with { ValidUntil = f.Now.AddDays(1).AddSeconds(60) })),
        new("presentation without valid-until", Invalid, "PAYLOAD_INVALID", f => f.WithPresentation(p => p with { ValidUntil = null })),
        new("presentation showing a field its type lacks", Invalid, "CONTENT_INVALID",
            f => f.WithPresentation(p => p with { Fields = new Dictionary<string, string>(p.Fields) { ["nickname"] = "小王" } })),
        new("presentation content passed off as a licence", Invalid, "CONTENT_INVALID", f => f.WithPresentation(p => p with { Kind = PayloadKind.Licence, LicenceValidity = null })),
        new("licence carrying a presentation's licence validity (key 11)", Invalid, "PAYLOAD_INVALID", f => f.WithPresentation(p => p with { Kind = PayloadKind.Licence })),
        new("presentation of a licence whose own validity ended yesterday", Invalid, "EXPIRED",
            f => f.WithPresentation(p => p with { LicenceValidity = new(f.Now.AddYears(-5), f.Now.AddDays(-1)) })),
        new("presentation of a licence not valid until tomorrow", Invalid, "NOT_YET_VALID",
            f => f.WithPresentation(p => p with { LicenceValidity = new(f.Now.AddDays(1), null) })),
        new("presentation running past its licence's end", Invalid, "EXPIRED",
            f => f.WithPresentation(p => p with { LicenceValidity = new(f.Now.AddYears(-1), f.Now.AddSeconds(30)) })),
        new("presentation of a 上海 issuer by the 320000 key", Invalid, "ISSUER_REGION_MISMATCH", f => f.WithPresentation(p => InRegion(p, "310101"))),

        // DESIGN §3: the signer's provincial CA vouches for its own province only.
        new("issuer region 310101 signed by the 320000 key", Invalid, "ISSUER_REGION_MISMATCH", f => f.WithLicence(p => InRegion(p, "310101"))),
        new("issuer region 110000 signed by the 320000 key", Invalid, "ISSUER_REGION_MISMATCH", f => f.WithLicence(p => InRegion(p, "110000"))),
        new("issuer region 990000 under no province", Invalid, "CONTENT_INVALID", f => f.WithLicence(p => InRegion(p, "990000"))),
        new("issuer without an authority name", Invalid, "CONTENT_INVALID", f => f.WithLicence(p => p with { Issuer = p.Issuer with { AuthorityName = " " } })),

        // DESIGN §5: the identifier is checked, and must name the payload's type and authority.
        new("identifier with a wrong check character", Invalid, "IDENTIFIER_INVALID",
            f => f.WithLicence(p => p with { Identifier = p.Identifier[..^1] + (p.Identifier[^1] == '0' ? '1' : '0') })),
        new("identifier with a bad GB 32100 authority code", Invalid, "IDENTIFIER_INVALID", f => f.WithLicence(Forge.WithBadAuthorityCheck)),
        new("identifier with version 000", Invalid, "IDENTIFIER_INVALID",
            f => f.WithLicence(p => p with { Identifier = Forge.RawIdentifier(p.TypeCode, p.Issuer.AuthorityCode, Forge.Serial(p), "000") })),
        new("identifier outside the GB/T 36904 arc", Invalid, "IDENTIFIER_INVALID",
            f => f.WithLicence(p => p with { Identifier = "1.2.156.3005.3." + p.Identifier[LicenceIdentifier.Prefix.Length..] })),
        new("identifier naming the 居民身份证 type on a 营业执照", Invalid, "IDENTIFIER_MISMATCH",
            f => f.WithLicence(p => p with { Identifier = Forge.Identifier(BaseTypes.IdCard.Code, p.Issuer.AuthorityCode, p) })),
        new("identifier naming another authority", Invalid, "IDENTIFIER_MISMATCH",
            f => f.WithLicence(p => p with { Identifier = Forge.Identifier(p.TypeCode, Some.CreditCode("11320102MB7654321"), p) })),

        // DESIGN §12: the type must be one the verifier's catalogue defines.
        new("well-formed type code the catalogue lacks", TypeUnknownVerdict, "TYPE_UNKNOWN",
            f => f.WithLicence(p => p with { TypeCode = Forge.UnknownTypeCode, Identifier = Forge.Identifier(Forge.UnknownTypeCode, p.Issuer.AuthorityCode, p) })),
        new("type named by its key instead of its code", Invalid, "IDENTIFIER_MISMATCH", f => f.WithLicence(p => p with { TypeCode = BaseTypes.BusinessLicence.Key })),

        // DESIGN §3: only keys in the province's trust list sign, and the signature must be that key's.
        new("signed by the 310000 SM2 development key", Invalid, "UNTRUSTED_ISSUER", f => f.Signed(f.Licence, Forge.Other)),
        new("a 上海 licence signed by the 310000 SM2 key", Invalid, "UNTRUSTED_ISSUER", f => f.Signed(InRegion(f.Licence, "310101"), Forge.Other)),
        new("signed by the 310000 RSA development key", Invalid, "UNTRUSTED_ISSUER", f => f.Signed(f.Licence, Forge.OtherRsa)),
        new("a kid no trust list holds", Invalid, "UNTRUSTED_ISSUER", f => f.WithHeader(Forge.Header(kid: [0x13, 0x57, 0x9B, 0xDF, 0x02, 0x46, 0x8A, 0xCE]))),
        new("the 320000 SM2 kid signed with the 310000 SM2 key", Invalid, "SIGNATURE_INVALID", f => f.WithHeader(Forge.Header(), key: Forge.Other.Key)),
        new("the 320000 RSA kid signed with the 310000 RSA key", Invalid, "SIGNATURE_INVALID",
            f => f.WithHeader(SignedForge.ProtectedHeader(Forge.RsaSigner, PayloadKind.Licence), key: Forge.OtherRsa.Key)),
        new("a signature of zeros", Invalid, "SIGNATURE_INVALID", f => f.WithSignature(_ => CborItem.Bytes(new byte[64]))),
        new("a signature of 0xFF bytes, beyond the curve order", Invalid, "SIGNATURE_INVALID", f => f.WithSignature(_ => CborItem.Bytes([.. Enumerable.Repeat((byte)0xFF, 64)]))),
        new("a signature one byte short", Invalid, "SIGNATURE_INVALID", f => f.WithSignature(signature => CborItem.Bytes(signature[..63]))),
        new("an empty signature", Invalid, "SIGNATURE_INVALID", f => f.WithSignature(_ => CborItem.Bytes([]))),
        new("the holder renamed after signing", Invalid, "SIGNATURE_INVALID", f => f.WithMessage((header, _, signature) =>
            SignedForge.Message(header, LicencePayloadCbor.Encode(f.Licence with { Holder = f.Licence.Holder with { Name = "北京示例科技有限公司" } }), signature))),
        new("the content type changed after signing", Invalid, "SIGNATURE_INVALID", f => f.WithMessage((header, payload, _) =>
            SignedForge.Message(header, payload, SignedForge.Signature(Forge.Signer.Key, Forge.Header(contentType: PayloadKinds.PresentationContentType), payload)))),

        // LicencePayloadCbor: the version is checked first, then every required field in its CBOR type.
        new("format version 2", Invalid, "VERSION_UNSUPPORTED", f => f.WithPayload(m => m.Set(1, CborItem.Int(2)))),
        new("format version 0", Invalid, "VERSION_UNSUPPORTED", f => f.WithPayload(m => m.Set(1, CborItem.Int(0)))),
        new("no format version", Invalid, "VERSION_UNSUPPORTED", f => f.WithPayload(m => m.Remove(1))),
        new("format version as text", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Set(1, CborItem.Text("1")))),
        new("no identifier", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Remove(2))),
        new("no issuer", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Remove(4))),
        new("no issued-at", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Remove(7))),
        new("no status reference", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Remove(10))),
        new("status reference without index", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Edit(10, x => x.Remove(2)))),
        new("issuer without authority code", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Edit(4, x => x.Remove(3)))),
        new("an unknown payload key 11", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Set(11, CborItem.Int(0)))),
        new("a negative payload key", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Append(CborItem.Int(-1), CborItem.Int(0)))),
        new("the version under the text key \"1\"", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Remove(1).Append(CborItem.Text("1"), CborItem.Int(1)))),
        new("identifier as a byte string", Invalid, "PAYLOAD_INVALID",
            f => f.WithPayload(m => m.Set(2, CborItem.Bytes(System.Text.Encoding.UTF8.GetBytes(f.Licence.Identifier))))),
        new("issued-at as a floating-point number", Invalid, "PAYLOAD_INVALID",
            f => f.WithPayload(m => m.Set(7, CborItem.Write(w => w.WriteDouble(f.Licence.IssuedAt.ToUnixTimeSeconds()))))),
        new("issued-at as a tagged epoch date", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Set(7, CborItem.Write(w =>
        {
            w.WriteTag(CborTag.UnixTimeSeconds);
            w.WriteInt64(f.Licence.IssuedAt.ToUnixTimeSeconds());
        })))),
        new("status index as text", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Edit(10, x => x.Set(2, CborItem.Text("4711"))))),
        new("fields as an array", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Set(6, CborItem.Write(w =>
        {
            w.WriteStartArray(1);
            w.WriteTextString("王五");
            w.WriteEndArray();
        })))),
        new("a field value as an integer", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => m.Edit(6, x => x.Set(x.Entries[0].Key, CborItem.Int(88))))),
        new("a field value of 513 characters", Invalid, "PAYLOAD_INVALID",
            f => f.WithLicence(p => p with { Fields = new Dictionary<string, string>(p.Fields) { ["businessScope"] = new string('事', 513) } })),
        new("payload as an array", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(_ => CborItem.Write(w =>
        {
            w.WriteStartArray(1);
            w.WriteInt32(1);
            w.WriteEndArray();
        }))),
        new("a byte after the payload map", Invalid, "PAYLOAD_INVALID", f => f.WithPayload(m => [.. m.Encode(), 0x00])),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var item in Corpus)
        {
            data.Add(item.Name, item.Verdict, item.Code);
        }

        return data;
    }

    [Fact]
    public async Task The_forge_untampered_makes_texts_the_Verifier_finds_VALID()
    {
        await FirstLicenceAsync();
        var forge = new Forge(DateTimeOffset.UtcNow);
        foreach (var (what, text) in new[]
                 {
                     ("licence by the SM2 key", forge.Signed(forge.Licence)),
                     ("licence by the RSA key", forge.Signed(forge.Licence, Forge.RsaSigner)),
                     ("licence through the raw header path", forge.WithHeader(SignedForge.ProtectedHeader(Forge.Signer, PayloadKind.Licence))),
                     ("licence through the payload-edit path", forge.WithPayload(m => m.Encode())),
                     ("licence with the last index of the real list", forge.WithStatus(RealList, ListSize - 1)),
                     ("presentation by the SM2 key", forge.Signed(forge.Presentation)),
                 })
        {
            var (status, verdict, code, body) = await VerifyAsync(text);
            Assert.True(status == 200 && verdict == "VALID", $"{what}: {status} {verdict} {code} {body}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_text_signed_with_a_real_key_but_breaking_one_rule_gets_its_verdict_and_first_reason_never_VALID(string name, string verdict, string code)
    {
        await FirstLicenceAsync();
        var text = Corpus.Single(c => c.Name == name).Build(new Forge(DateTimeOffset.UtcNow));

        var (status, actualVerdict, actualCode, body) = await VerifyAsync(text);

        Assert.True(status == 200, $"{name}: HTTP {status} {body}");
        Assert.True(actualVerdict != "VALID", $"{name}: VALID {body}");
        Assert.True((verdict, code) == (actualVerdict, actualCode), $"{name}: expected {verdict} {code}, got {actualVerdict} {actualCode} {body}");
    }

    [Fact]
    public async Task A_genuine_licence_is_still_VALID_after_the_corpus()
    {
        var qr = await fixture.Province.IssueAsync();

        var (status, verdict, code, body) = await VerifyAsync(qr);

        Assert.True(status == 200 && verdict == "VALID", $"{status} {verdict} {code} {body}");
    }

    private static (long, byte[]) Sm2Alg => (1, CborItem.Int(Forge.Sm2Alg));

    private static (long, byte[]) LicenceContentType => (3, CborItem.Int(PayloadKinds.LicenceContentType));

    private static (long, byte[]) Kid => (4, CborItem.Bytes(Forge.Signer.Kid));

    private static (long, byte[]) StatusListType => (16, CborItem.Text(StatusListTokenCodec.Type));

    /// <summary>A header map of the given entries, in the given order and encoding.</summary>
    private static byte[] Header(params (long Label, byte[] Value)[] entries) =>
        CborMapEntries.Of([.. entries.Select(e => (CborItem.Int(e.Label), e.Value))]).Encode();

    /// <summary>Signed and valid from <paramref name="at"/>.</summary>
    private static LicencePayload Dated(LicencePayload payload, DateTimeOffset at) => payload with { IssuedAt = at, ValidFrom = at };

    private static LicencePayload InRegion(LicencePayload payload, string region) => payload with { Issuer = payload.Issuer with { RegionCode = region } };

    /// <summary>Lists hold licences only once the province issued one; the real list must exist before any case names it.</summary>
    private Task<string> FirstLicenceAsync() => FirstLicence.GetValue(fixture, f => new Lazy<Task<string>>(() => f.Province.IssueAsync())).Value;

    private async Task<(int Status, string? Verdict, string? Code, string Body)> VerifyAsync(string qr)
    {
        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "签名语料核验" });
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 200)
        {
            return ((int)response.StatusCode, null, null, body);
        }

        var root = JsonDocument.Parse(body).RootElement;
        var reasons = root.GetProperty("reasons");
        return (200, root.GetProperty("verdict").GetString(), reasons.GetArrayLength() > 0 ? reasons[0].GetProperty("code").GetString() : null, body);
    }

    /// <summary>One case: its name, the verdict and first reason it must get, and how its text is made.</summary>
    private sealed record Case(string Name, string Verdict, string Code, Func<Forge, string> Build);

    /// <summary>
    /// Makes the texts of one case at the time it runs, from a 营业执照 of 南京市玄武区 issued a minute ago,
    /// permanent, at an entry of the province's first real status list, and its 60-second presentation.
    /// </summary>
    private sealed class Forge
    {
        public static readonly string UnknownTypeCode = BaseTypes.BusinessLicence.Code[..18] + "999";

        public Forge(DateTimeOffset now)
        {
            Now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
            Licence = Some.Licence(BaseTypes.BusinessLicence, "320102", Now.AddMinutes(-1)) with { Status = new StatusReference(RealList, RealIndex) };
        }

        /// <summary>The key the Verifier finds in the 320000 trust list.</summary>
        public static DocumentSigner Signer => SignedForge.DevSigner("320000", KeyFamily.Sm2);

        public static DocumentSigner RsaSigner => SignedForge.DevSigner("320000", KeyFamily.Rsa);

        /// <summary>Keys of a province this Verifier is not configured for.</summary>
        public static DocumentSigner Other => SignedForge.DevSigner("310000", KeyFamily.Sm2);

        public static DocumentSigner OtherRsa => SignedForge.DevSigner("310000", KeyFamily.Rsa);

        public static int Sm2Alg => SignatureAlgorithms.For(KeyFamily.Sm2).CoseId;

        public static int RsaAlg => SignatureAlgorithms.For(KeyFamily.Rsa).CoseId;

        public DateTimeOffset Now { get; }

        public LicencePayload Licence { get; }

        public LicencePayload Presentation => Some.Presentation(Licence, Now.AddSeconds(-5));

        /// <summary>A licence's protected header with one value changed (default: SM2-SM3, licence, the trusted SM2 kid).</summary>
        public static byte[] Header(int? alg = null, int? contentType = null, byte[]? kid = null) =>
            SignedForge.ProtectedHeader(alg ?? Sm2Alg, contentType ?? PayloadKinds.LicenceContentType, kid ?? Signer.Kid);

        public static string Serial(LicencePayload payload) => LicenceIdentifier.Parse(payload.Identifier).Serial;

        /// <summary>A well-formed identifier of the given type and authority, with the serial of <paramref name="payload"/>.</summary>
        public static string Identifier(string typeCode, string authorityCode, LicencePayload payload) =>
            LicenceIdentifier.Create(typeCode, authorityCode, Serial(payload)).ToString();

        /// <summary>An identifier of any parts, with the check character they give: a wrong part is then the only thing wrong.</summary>
        public static string RawIdentifier(string typeCode, string authorityCode, string serial, string version) =>
            $"{LicenceIdentifier.Prefix}{typeCode}.{authorityCode}.{serial}.{version}.{Iso7064Mod3736.Compute(typeCode + authorityCode + serial + version)}";

        /// <summary>Issuer and identifier agreeing on an authority code whose own check character is wrong.</summary>
        public static LicencePayload WithBadAuthorityCheck(LicencePayload payload)
        {
            var code = payload.Issuer.AuthorityCode;
            var bad = code[..17] + (code[17] == '0' ? '1' : '0');
            return payload with { Issuer = payload.Issuer with { AuthorityCode = bad }, Identifier = RawIdentifier(payload.TypeCode, bad, Serial(payload), "001") };
        }

        /// <summary>The core's own encoder and the given signer (default: the trusted 320000 SM2 key).</summary>
        public string Signed(LicencePayload payload, DocumentSigner? signer = null) => QrPayloadCodec.Encode(payload, signer ?? Signer);

        public string WithLicence(Func<LicencePayload, LicencePayload> change) => Signed(change(Licence));

        public string WithPresentation(Func<LicencePayload, LicencePayload> change) => Signed(change(Presentation));

        public string WithStatus(string list, long index = RealIndex) => Signed(Licence with { Status = new StatusReference(list, index) });

        /// <summary>The licence's genuine payload map, edited at the CBOR level and written by the edit, then signed the genuine way.</summary>
        public string WithPayload(Func<CborMapEntries, byte[]> edit) =>
            SignedForge.Sign(edit(CborMapEntries.Read(LicencePayloadCbor.Encode(Licence))), PayloadKind.Licence, Signer);

        /// <summary>The licence's genuine payload map, edited at the CBOR level and written with the shortest header.</summary>
        public string WithPayload(Func<CborMapEntries, CborMapEntries> edit) => WithPayload(m => edit(m).Encode());

        /// <summary>A genuine payload of a kind under any protected header, signed over that header by <paramref name="key"/>.</summary>
        public string WithHeader(byte[] protectedHeader, PayloadKind payload = PayloadKind.Licence, string? prefix = null, ISigningKey? key = null)
        {
            var bytes = LicencePayloadCbor.Encode(payload == PayloadKind.Licence ? Licence : Presentation);
            return SignedForge.Text(prefix ?? payload.Prefix(), SignedForge.SignedMessage(key ?? Signer.Key, protectedHeader, bytes));
        }

        /// <summary>The genuine licence message with its signature item made from the genuine signature.</summary>
        public string WithSignature(Func<byte[], byte[]> signatureItem) => WithMessage((header, payload, signature) =>
            SignedForge.Message(header, payload, signature, signatureItem: signatureItem(signature)));

        /// <summary>The genuine licence message with a non-empty unprotected header.</summary>
        public string WithUnprotected(byte[] unprotectedHeader) => WithMessage((header, payload, signature) =>
            SignedForge.Message(header, payload, signature, unprotectedHeader));

        /// <summary>A message made from the genuine licence's header, payload and signature.</summary>
        public string WithMessage(Func<byte[], byte[], byte[], byte[]> message)
        {
            var header = SignedForge.ProtectedHeader(Signer, PayloadKind.Licence);
            var payload = LicencePayloadCbor.Encode(Licence);
            return SignedForge.Text(PayloadKinds.LicencePrefix, message(header, payload, SignedForge.Signature(Signer.Key, header, payload)));
        }
    }

    /// <summary>
    /// Runs the forge's own check first and the genuine licence last, with the corpus between in its
    /// written order, so that "still VALID after the corpus" means after it.
    /// </summary>
    public sealed class CorpusOrder : ITestCaseOrderer
    {
        public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
            where TTestCase : ITestCase
        {
            var names = Corpus.Select(c => c.Name).ToList();
            return testCases
                .OrderBy(t => t.TestMethod.Method.Name switch
                {
                    nameof(The_forge_untampered_makes_texts_the_Verifier_finds_VALID) => 0,
                    nameof(A_genuine_licence_is_still_VALID_after_the_corpus) => 2,
                    _ => 1,
                })
                .ThenBy(t => t.TestMethodArguments is [string name, ..] ? names.IndexOf(name) : -1);
        }
    }
}
