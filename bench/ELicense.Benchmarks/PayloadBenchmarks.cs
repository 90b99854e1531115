using BenchmarkDotNet.Attributes;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ELicense.Benchmarks;

/// <summary>
/// Encode + sign, decode, and decode + verify of a full 居民身份证 licence, per algorithm, next to
/// the raw signature verification they are measured against: BouncyCastle SM2 with the public
/// point reused, and .NET RSA-PSS.
/// </summary>
[MemoryDiagnoser]
public class PayloadBenchmarks
{
    private readonly VerificationPipeline pipeline = new();
    private LicencePayload licence = null!;
    private DocumentSigner signer = null!;
    private TrustMaterial trust = null!;
    private StatusSnapshot status = null!;
    private string text = null!;
    private byte[] toBeSigned = null!;
    private byte[] signature = null!;
    private ParametersWithID sm2Parameters = null!;
    private IVerificationKey verificationKey = null!;
    private DateTimeOffset now;

    [Params(KeyFamily.Sm2, KeyFamily.Rsa)]
    public KeyFamily Family { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        licence = Some.Licence(LicenceCatalogue.NationalBase.Find("id-card")!);
        signer = TestPki.For(Family).SignerFor("320000");
        trust = TestPki.Trust();
        status = new StatusSnapshot().Set(licence.Status, new StatusEvidence(LicenceStatus.Valid, Some.Now, Some.Now.AddHours(1)));
        text = QrPayloadCodec.Encode(licence, signer);
        now = Some.Now.AddMinutes(1);
        QrPayloadCodec.TryDecode(text, DecodeLimits.Default, out var decoded, out _);
        toBeSigned = decoded!.Message.ToBeSigned();
        signature = decoded.Message.Signature;
        verificationKey = trust.Find(signer.Kid)[0].Key;
        if (Family == KeyFamily.Sm2)
        {
            // Plain BouncyCastle use: the point decoded once from the certificate's key and reused.
            var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(verificationKey.SubjectPublicKeyInfo);
            var curve = Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByName("sm2p256v1");
            var point = curve.Curve.DecodePoint(info.PublicKey.GetOctets());
            sm2Parameters = new ParametersWithID(new ECPublicKeyParameters(point, new ECDomainParameters(curve)), "1234567812345678"u8.ToArray());
        }

        if (pipeline.Verify(text, trust, status, now).Kind != VerdictKind.Valid)
        {
            throw new InvalidOperationException("The benchmark licence does not verify.");
        }
    }

    [Benchmark(Description = "encode+sign")]
    public string EncodeAndSign() => QrPayloadCodec.Encode(licence, signer);

    [Benchmark(Description = "decode")]
    public bool Decode() => QrPayloadCodec.TryDecode(text, DecodeLimits.Default, out _, out _);

    [Benchmark(Description = "decode+verify (pipeline)")]
    public Verdict DecodeAndVerify() => pipeline.Verify(text, trust, status, now);

    [Benchmark(Description = "raw verify (reference)", Baseline = true)]
    public bool RawVerify()
    {
        if (Family == KeyFamily.Rsa)
        {
            return verificationKey.Verify(toBeSigned, signature);
        }

        var raw = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
        raw.Init(false, sm2Parameters);
        raw.BlockUpdate(toBeSigned, 0, toBeSigned.Length);
        return raw.VerifySignature(signature);
    }
}
