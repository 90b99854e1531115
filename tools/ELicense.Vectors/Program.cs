using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Testing;

// Writes the inputs of the verification vectors from a fresh test PKI:
//   dotnet run --project tools/ELicense.Vectors [-- OUTPUT]   (default tests/ELicense.Core.Tests/Vectors/verification-inputs.json)
// It writes inputs only. What each case must give is in verification.json beside it, written and reviewed
// by people; a case added here fails the vector tests until its expectation is written there.
if (args.Length > 1 || args is [['-', ..]])
{
    Console.Error.WriteLine("usage: ELicense.Vectors [OUTPUT]   (default tests/ELicense.Core.Tests/Vectors/verification-inputs.json)");
    return 3;
}

var output = args.Length > 0 ? args[0] : VerificationVectorFiles.InputsPath;
var now = Some.Now.AddMinutes(1);
var sm2 = TestPki.Sm2.SignerFor("320000");
var rsa = TestPki.Rsa.SignerFor("320000");
var idCard = Some.Licence(region: "320102");
var businessLicence = Some.Licence(BaseTypes.BusinessLicence);
var idCardText = QrPayloadCodec.Encode(idCard, sm2);
var cose = SignedForge.Unwrap(idCardText);
var flipped = (byte[])cose.Clone();
flipped[^10] ^= 0x01;
var kid = Kid.ToHex(sm2.Kid);
var wrongRegion = Some.Licence(region: "310101");
var cases = new List<VectorInput>();

void Add(string name, string qr, DateTimeOffset? at = null, LicenceStatus? status = LicenceStatus.Valid, string? state = null, DateTimeOffset? compromisedAt = null, LicencePayload? licence = null)
{
    var reference = (licence ?? idCard).Status;
    var vectorStatus = status is { } value ? new VectorStatus(reference.List, reference.Index, value.ToString(), Some.Now.AddMinutes(-3), Some.Now.AddHours(1)) : null;
    cases.Add(new VectorInput(name, qr, at ?? now, vectorStatus, state, state is null ? null : kid, compromisedAt));
}

string SignRaw(byte[] payload, int alg) => SignedForge.Text(PayloadKinds.LicencePrefix,
    SignedForge.SignedMessage(sm2.Key, SignedForge.ProtectedHeader(alg, PayloadKind.Licence.ContentType(), sm2.Kid), payload));

Add("valid SM2 居民身份证", idCardText);
Add("valid PS256 营业执照", QrPayloadCodec.Encode(businessLicence, rsa), licence: businessLicence);
Add("valid presentation 15 s after it was made", QrPayloadCodec.Encode(Some.Presentation(idCard, Some.Now), sm2), Some.Now.AddSeconds(15));
Add("presentation 61 s after it was made", QrPayloadCodec.Encode(Some.Presentation(idCard, Some.Now), sm2), Some.Now.AddSeconds(61));
Add("wrong prefix", "ELC2:" + idCardText[5..]);
Add("lower-case characters are not Base45", idCardText.ToLowerInvariant().Replace("elc1:", "ELC1:"));
// Cut in the compressed bytes, not in the text: a text cut at any character may not be Base45 at all, and which it is depends on the signature's length.
Add("truncated text", PayloadKinds.LicencePrefix + Base45.Encode(Zlib.Compress(cose)[..^14]));
Add("zip bomb", PayloadKinds.LicencePrefix + Base45.Encode(Zlib.Compress(new byte[1_000_000])));
Add("one bit flipped in the signature", SignedForge.Text(PayloadKinds.LicencePrefix, flipped));
Add("PS256 alg over an SM2 key", SignRaw(LicencePayloadCbor.Encode(idCard), RsaPs256Algorithm.Id));
Add("ES256 is not accepted", SignRaw(LicencePayloadCbor.Encode(idCard), -7));
Add("licence behind the presentation prefix", "ELP1:" + idCardText[5..]);
Add("signed under an untrusted root", QrPayloadCodec.Encode(idCard, TestPki.Untrusted.SignerFor("320000")));
Add("a 上海 licence signed by the 江苏 key", QrPayloadCodec.Encode(wrongRegion, sm2), licence: wrongRegion);
Add("bad identifier check character", QrPayloadCodec.Encode(idCard with { Identifier = idCard.Identifier[..^1] + (idCard.Identifier[^1] == 'A' ? 'B' : 'A') }, sm2));
Add("revoked key, no compromise time", idCardText, state: nameof(SignerState.Revoked));
Add("revoked key, compromise time still ahead", idCardText, state: nameof(SignerState.Revoked), compromisedAt: now.AddHours(1));
Add("pending key", idCardText, state: nameof(SignerState.Pending));
Add("retired key", idCardText, state: nameof(SignerState.Retired));
Add("expired licence", idCardText, Some.Now.AddYears(21), status: null);
Add("signed in the future", idCardText, Some.Now.AddHours(-1));
Add("revoked licence", idCardText, status: LicenceStatus.Revoked);
Add("suspended licence", idCardText, status: LicenceStatus.Suspended);
Add("no status list at hand", idCardText, status: null);
Add("status list past its exp", idCardText, Some.Now.AddHours(2));

var inputs = new VectorInputs(
    "Inputs of the ELicense verification vectors, written by tools/ELicense.Vectors from a fresh test PKI (certificates as base64 DER): "
    + "each case's QR text, the instant of verification and what the verifier knows. Trust material is as of ten minutes before each case's now. "
    + "The expected outcomes are in verification.json, written by hand.",
    [Convert.ToBase64String(TestPki.Sm2.Root.Certificate), Convert.ToBase64String(TestPki.Rsa.Root.Certificate)],
    [.. TestPki.Sm2.ProvincialCas.Values.Concat(TestPki.Rsa.ProvincialCas.Values).Select(m => Convert.ToBase64String(m.Certificate))],
    [.. TestPki.Sm2.DocumentSigners.Values.Concat(TestPki.Rsa.DocumentSigners.Values).Select(m => Convert.ToBase64String(m.Certificate))],
    cases);
try
{
    File.WriteAllText(output, JsonSerializer.Serialize(inputs, VerificationVectorFiles.Json) + "\n");
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: cannot write {output}: {e.Message}");
    return 1;
}

Console.WriteLine($"{cases.Count} inputs written to {Path.GetRelativePath(Environment.CurrentDirectory, output)}");
return 0;
