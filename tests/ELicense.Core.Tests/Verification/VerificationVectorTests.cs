using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Tests.Encoding;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Verification;

/// <summary>
/// Fixed vectors (STYLE §8): every case in Vectors/verification.json gives the expected outcome of
/// every stage. Set ELICENSE_WRITE_VECTORS=1 to write the file anew from the test PKI; otherwise
/// the committed file is read and checked.
/// </summary>
public class VerificationVectorTests
{
    private static readonly string CommittedPath = Path.Combine(RepositoryPaths.Root, "tests", "ELicense.Core.Tests", "Vectors", "verification.json");

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var vector in Load().Cases)
        {
            names.Add(vector.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_vector_gives_its_expected_outcome_at_every_stage(string name)
    {
        var vectors = Load();
        var vector = vectors.Cases.Single(c => c.Name == name);

        var verdict = new VerificationPipeline().Verify(vector.Qr, Trust(vectors, vector), Status(vector), vector.Now);

        Assert.Equal(vector.Verdict, verdict.Kind.ToString().ToUpperInvariant());
        Assert.Equal(vector.Reason, verdict.FirstReason is null ? null : Reason.CodeText(verdict.FirstReason.Code));
        Assert.Equal(vector.Checks, Enum.GetValues<CheckName>().Select(c => Describe(verdict.Checks[c])).ToArray());
    }

    [Fact]
    public void The_vector_file_covers_every_verdict_and_many_reasons()
    {
        var vectors = Load();

        Assert.Equal(["INDETERMINATE", "INVALID", "VALID"], vectors.Cases.Select(c => c.Verdict).Distinct().Order().ToArray());
        Assert.True(vectors.Cases.Select(c => c.Reason).Distinct().Count() >= 15);
    }

    [Fact]
    public void Writing_the_vectors_when_asked()
    {
        if (Environment.GetEnvironmentVariable("ELICENSE_WRITE_VECTORS") != "1")
        {
            Assert.True(File.Exists(CommittedPath), "The committed vector file is missing.");
            return;
        }

        File.WriteAllText(CommittedPath, JsonSerializer.Serialize(Generate(), VerificationVectors.Json) + "\n");
    }

    private static VerificationVectors Load() => JsonSerializer.Deserialize<VerificationVectors>(File.ReadAllText(CommittedPath), VerificationVectors.Json)!;

    private static TrustMaterial Trust(VerificationVectors vectors, VerificationVector vector)
    {
        var builder = new TrustMaterialBuilder(new CertificateChainValidator(vectors.Roots.Select(Convert.FromBase64String)));
        var cas = vectors.ProvincialCas.Select(Convert.FromBase64String).ToList();
        foreach (var signer in vectors.Signers.Select(Convert.FromBase64String))
        {
            var targeted = vector.SignerKid == Kid.ToHex(Kid.Compute(signer));
            // A retired key's trust list states when it retired; the vectors' retired key retired at the verification time, after it signed.
            var state = targeted ? Enum.Parse<SignerState>(vector.SignerState!) : SignerState.Active;
            builder.Add(signer, cas, state, targeted ? vector.CompromisedAt : null, state == SignerState.Retired ? vector.Now : null);
        }

        return builder.Build(vector.Now.AddMinutes(-10));
    }

    private static StatusSnapshot Status(VerificationVector vector)
        => vector.Status is { } s
            ? new StatusSnapshot().Set(new StatusReference(s.List, s.Index), new StatusEvidence(Enum.Parse<LicenceStatus>(s.Value), s.IssuedAt, s.ExpiresAt))
            : new StatusSnapshot();

    private static string Describe(CheckResult result) => JsonNamingPolicy.SnakeCaseLower.ConvertName(result.ToString());

    private static VerificationVectors Generate()
    {
        var now = Some.Now.AddMinutes(1);
        var cases = new List<VerificationVector>();
        var sm2 = new Scenario(KeyFamily.Sm2);
        var rsa = new Scenario(KeyFamily.Rsa, Some.Licence(BaseTypes.BusinessLicence));
        var cose = CoseForge.Unwrap(sm2.Text);
        var flipped = (byte[])cose.Clone();
        flipped[^10] ^= 0x01;
        var kid = Kid.ToHex(sm2.Signer.Kid);
        var presentation = QrPayloadCodec.Encode(Some.Presentation(sm2.Licence, Some.Now), sm2.Signer);
        var wrongRegion = Some.Licence(region: "310101");

        void Add(string name, Scenario scenario, string qr, DateTimeOffset? at = null, LicenceStatus? status = LicenceStatus.Valid, string? state = null, DateTimeOffset? compromisedAt = null, LicencePayload? licence = null)
        {
            var when = at ?? now;
            var reference = (licence ?? scenario.Licence).Status;
            var vectorStatus = status is { } value ? new VectorStatus(reference.List, reference.Index, value.ToString(), Some.Now.AddMinutes(-3), Some.Now.AddHours(1)) : null;
            var vector = new VerificationVector(name, qr, when, vectorStatus, state, state is null ? null : kid, compromisedAt, "", null, []);
            var trust = Trust(Pki(), vector);
            var verdict = new VerificationPipeline().Verify(qr, trust, Status(vector), when);
            cases.Add(vector with
            {
                Verdict = verdict.Kind.ToString().ToUpperInvariant(),
                Reason = verdict.FirstReason is null ? null : Reason.CodeText(verdict.FirstReason.Code),
                Checks = Enum.GetValues<CheckName>().Select(c => Describe(verdict.Checks[c])).ToArray(),
            });
        }

        Add("valid SM2 居民身份证", sm2, sm2.Text);
        Add("valid PS256 营业执照", rsa, rsa.Text);
        Add("valid presentation 15 s after it was made", sm2, presentation, Some.Now.AddSeconds(15));
        Add("presentation 61 s after it was made", sm2, presentation, Some.Now.AddSeconds(61));
        Add("wrong prefix", sm2, "ELC2:" + sm2.Text[5..]);
        Add("lower-case characters are not Base45", sm2, sm2.Text.ToLowerInvariant().Replace("elc1:", "ELC1:"));
        Add("truncated text", sm2, sm2.Text[..^20]);
        Add("zip bomb", sm2, PayloadKinds.LicencePrefix + Base45.Encode(Zlib.Compress(new byte[1_000_000])));
        Add("one bit flipped in the signature", sm2, CoseForge.Text(flipped));
        Add("PS256 alg over an SM2 key", sm2, sm2.SignRaw(LicencePayloadCbor.Encode(sm2.Licence), alg: RsaPs256Algorithm.Id));
        Add("ES256 is not accepted", sm2, sm2.SignRaw(LicencePayloadCbor.Encode(sm2.Licence), alg: -7));
        Add("licence behind the presentation prefix", sm2, "ELP1:" + sm2.Text[5..]);
        Add("signed under an untrusted root", sm2, QrPayloadCodec.Encode(sm2.Licence, TestPki.Untrusted.SignerFor("320000")));
        Add("a 上海 licence signed by the 江苏 key", sm2, QrPayloadCodec.Encode(wrongRegion, sm2.Signer), licence: wrongRegion);
        Add("bad identifier check character", sm2, QrPayloadCodec.Encode(sm2.Licence with { Identifier = sm2.Licence.Identifier[..^1] + (sm2.Licence.Identifier[^1] == 'A' ? 'B' : 'A') }, sm2.Signer));
        Add("revoked key, no compromise time", sm2, sm2.Text, state: nameof(SignerState.Revoked));
        Add("revoked key, compromise time still ahead", sm2, sm2.Text, state: nameof(SignerState.Revoked), compromisedAt: now.AddHours(1));
        Add("pending key", sm2, sm2.Text, state: nameof(SignerState.Pending));
        Add("retired key", sm2, sm2.Text, state: nameof(SignerState.Retired));
        Add("expired licence", sm2, sm2.Text, Some.Now.AddYears(21), status: null);
        Add("signed in the future", sm2, sm2.Text, Some.Now.AddHours(-1));
        Add("revoked licence", sm2, sm2.Text, status: LicenceStatus.Revoked);
        Add("suspended licence", sm2, sm2.Text, status: LicenceStatus.Suspended);
        Add("no status list at hand", sm2, sm2.Text, status: null);
        Add("status list past its exp", sm2, sm2.Text, Some.Now.AddHours(2));
        return Pki() with { Cases = cases };
    }

    private static VerificationVectors Pki()
        => new(
            "ELicense verification vectors: a PKI (certificates, base64 DER) and QR texts with the expected verdict, first reason and the result of each check in pipeline order (format, identifier, signature, chain, keyState, validity, status, freshness). Trust material is as of ten minutes before each case's now.",
            [Convert.ToBase64String(TestPki.Sm2.Root.Certificate), Convert.ToBase64String(TestPki.Rsa.Root.Certificate)],
            [.. TestPki.Sm2.ProvincialCas.Values.Concat(TestPki.Rsa.ProvincialCas.Values).Select(m => Convert.ToBase64String(m.Certificate))],
            [.. TestPki.Sm2.DocumentSigners.Values.Concat(TestPki.Rsa.DocumentSigners.Values).Select(m => Convert.ToBase64String(m.Certificate))],
            []);
}
