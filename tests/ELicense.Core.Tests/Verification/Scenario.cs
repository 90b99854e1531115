using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Status;
using ELicense.Core.Tests.Encoding;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;

namespace ELicense.Core.Tests.Verification;

/// <summary>One licence signed by a test signer, a status list that knows it, and the pipeline to check it.</summary>
public sealed class Scenario
{
    public Scenario(KeyFamily family = KeyFamily.Sm2, LicencePayload? licence = null, string province = "320000")
    {
        Signer = TestPki.For(family).SignerFor(province);
        Licence = licence ?? Some.Licence(region: province[..2] + "0102");
        Text = QrPayloadCodec.Encode(Licence, Signer);
        Status = new StatusSnapshot().Set(Licence.Status, new StatusEvidence(LicenceStatus.Valid, Some.Now.AddMinutes(-3), Some.Now.AddHours(1)));
        Trust = TestPki.Trust();
    }

    public DocumentSigner Signer { get; }

    public LicencePayload Licence { get; }

    public string Text { get; }

    public StatusSnapshot Status { get; set; }

    public TrustMaterial Trust { get; set; }

    public static VerificationPipeline Pipeline { get; } = new();

    public Verdict Verify(string? text = null, DateTimeOffset? now = null) => Pipeline.Verify(text ?? Text, Trust, Status, now ?? Some.Now.AddMinutes(1));

    /// <summary>Signs any payload bytes under this scenario's signer, with a correct protected header.</summary>
    public string SignRaw(byte[] payload, PayloadKind kind = PayloadKind.Licence, int? alg = null)
        => CoseForge.Text(
            CoseForge.Message(CoseForge.ProtectedHeader(alg ?? Signer.Key.Algorithm.CoseId, kind.ContentType(), Signer.Kid), payload, Signer.Key.Sign),
            kind.Prefix());
}
