using ELicense.Core.Documents;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Verifier.Documents;

namespace ELicense.Verifier.Verification;

/// <summary>
/// Verifies what a counter or a department system hands in, with the trust lists and status lists
/// at hand: a QR text through the core pipeline (DESIGN §9); a picture by reading its QR code first;
/// a PDF by its signature, the licence it carries and the QR printed on it (DESIGN §8).
/// </summary>
public sealed class LicenceVerifier(IVerificationSources sources, PrintedQrReader printed, TimeProvider time)
{
    private const string PdfSignatureDetail = "(PDF signature)";
    private const string PdfSignatureDetailZh = "（PDF 签名）";
    private readonly VerificationPipeline pipeline = new();

    public Task<VerificationOutcome> VerifyAsync(VerificationInput input, CancellationToken cancellationToken) => input switch
    {
        VerificationInput.Text text => VerifyTextAsync(text.Value, cancellationToken),
        VerificationInput.Image image => VerifyImageAsync(image.Bytes, cancellationToken),
        VerificationInput.Pdf pdf => VerifyPdfAsync(pdf.Bytes, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    /// <summary>The verdict on a QR text, and the licence identifier when the text decoded far enough to have one.</summary>
    public async Task<VerificationOutcome> VerifyTextAsync(string text, CancellationToken cancellationToken)
    {
        var material = sources.Trust;
        if (!QrPayloadCodec.TryDecode(text, VerificationOptions.Default.Limits, out var decoded, out _))
        {
            return new VerificationOutcome(pipeline.Verify(text, material, sources.Status, time.GetUtcNow()), null, null);
        }

        await sources.EnsureStatusAsync(decoded!.Payload.Status, decoded.Payload.Issuer.RegionCode, material, cancellationToken).ConfigureAwait(false);
        return new VerificationOutcome(pipeline.Verify(text, material, sources.Status, time.GetUtcNow(), decoded), decoded.Payload.Identifier, null);
    }

    private Task<VerificationOutcome> VerifyImageAsync(byte[] picture, CancellationToken cancellationToken) =>
        QrImageDecoder.TryRead(picture, out var text) switch
        {
            QrImageDecoder.Outcome.Found => VerifyTextAsync(text!, cancellationToken),
            QrImageDecoder.Outcome.TooLarge => Task.FromResult(VerificationOutcome.Refused(InputRefusal.ImageTooLarge)),
            QrImageDecoder.Outcome.NoQrCode => Task.FromResult(VerificationOutcome.Refused(InputRefusal.NoQrCode)),
            _ => Task.FromResult(VerificationOutcome.Refused(InputRefusal.NotAnImage)),
        };

    private async Task<VerificationOutcome> VerifyPdfAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        if (!PdfSignatureBytes.TryRead(pdf, out var signature, out var error))
        {
            return Refused(ReasonCode.PdfUnsigned, error, null);
        }

        var cms = DetachedCms.Verify(signature!.Signature, signature.SignedParts);
        var kid = cms.SignerCertificate is { } certificate ? Kid.ToHex(Kid.Compute(certificate)) : null;
        if (!cms.Valid)
        {
            return Refused(ReasonCode.PdfSignatureInvalid, cms.Error, kid);
        }

        if (!signature.CoversWholeFile)
        {
            return Refused(ReasonCode.PdfModifiedAfterSigning, "Bytes follow the signed part of the file.", kid);
        }

        var trust = sources.Trust;
        var signer = trust.Find(Kid.Compute(cms.SignerCertificate!)).FirstOrDefault(s => s.Certificate.AsSpan().SequenceEqual(cms.SignerCertificate));
        if (signer is null)
        {
            return Refused(ReasonCode.UntrustedIssuer, PdfSignatureDetail, kid, PdfSignatureDetailZh);
        }

        if (!PdfLicenceReader.TryRead(pdf, out var contents, out error))
        {
            return Refused(ReasonCode.PdfPayloadMissing, error, kid);
        }

        var payload = contents!.InfoPayload ?? contents.AttachedPayload;
        if (payload is null || (contents.InfoPayload is not null && contents.AttachedPayload is not null && contents.InfoPayload != contents.AttachedPayload))
        {
            return Refused(ReasonCode.PdfPayloadMissing, payload is null ? null : "Its two copies of the licence differ.", kid);
        }

        var outcome = await VerifyTextAsync(payload, cancellationToken).ConfigureAwait(false);
        var verdict = outcome.Verdict!;
        var signedAt = contents.SignedAt ?? time.GetUtcNow();
        var signatureResult = CheckResult.Ok;
        if (SignerProblem(signer, verdict, signedAt) is { } problem)
        {
            verdict = verdict.WithFailure(ReasonCatalogue.Create(problem, PdfSignatureDetail, PdfSignatureDetailZh));
            signatureResult = CheckResult.Failed;
        }

        var reading = await printed.ReadAsync(pdf, cancellationToken).ConfigureAwait(false);
        var printedResult = CheckResult.Ok;
        if (!reading.Rendered)
        {
            verdict = verdict.WithFailure(ReasonCatalogue.Create(ReasonCode.PdfQrUnchecked, reading.Error, "（无法渲染页面）"));
            printedResult = CheckResult.Indeterminate;
        }
        else if (reading.Text != payload)
        {
            verdict = verdict.WithFailure(reading.Text is null
                ? ReasonCatalogue.Create(ReasonCode.PdfQrMismatch, "No QR code can be read on the page.", "（页面上没有可识读的二维码）")
                : ReasonCatalogue.Create(ReasonCode.PdfQrMismatch));
            printedResult = CheckResult.Failed;
        }

        return outcome with { Verdict = verdict with { Document = new DocumentSummary("pdf", kid, contents.SignedAt, signatureResult, printedResult) } };
    }

    /// <summary>
    /// Whether the key that signed the PDF could sign it: of the licence's province, not revoked, in
    /// service and within its certificate at the PDF's signing time. The PDF may be signed by a newer
    /// key than the licence (PDFs are rendered on demand), so the two keys need not be the same.
    /// </summary>
    private ReasonCode? SignerProblem(TrustedSigner signer, Verdict verdict, DateTimeOffset signedAt)
    {
        if (verdict.Issuer is { } issuer && (!RegionCode.IsValid(issuer.RegionCode) || RegionCode.ProvinceOf(issuer.RegionCode) != signer.Province))
        {
            return ReasonCode.IssuerRegionMismatch;
        }

        if (signer.State == SignerState.Revoked && (signer.CompromisedAt is not { } at || time.GetUtcNow() >= at))
        {
            return ReasonCode.KeyRevoked;
        }

        return !signer.MaySignAt(signedAt) ? ReasonCode.KeyNotActive
            : !signer.Window.Contains(signedAt) ? ReasonCode.CertificateNotValidAtSigning
            : null;
    }

    private VerificationOutcome Refused(ReasonCode code, string? detail, string? kid, string? detailZh = null)
    {
        var verdict = Verdict.Refused(ReasonCatalogue.Create(code, detail, detailZh)) with
        {
            Document = new DocumentSummary("pdf", kid, null, CheckResult.Failed, CheckResult.NotChecked),
        };
        return new VerificationOutcome(verdict, null, null);
    }
}
