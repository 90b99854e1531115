using ELicense.Core.Documents;
using ELicense.Core.Verification;
using ELicense.Verifier.Documents;

namespace ELicense.Verifier.Verification;

/// <summary>
/// Verifies what a counter or a department system hands in, with the trust lists and status lists
/// at hand, through the core's two-phase pipelines (DESIGN §9, §13): a QR text is prepared, its status
/// list fetched only when the signature verified (and only the signer's province's list), then
/// completed; a picture by reading its QR code first; a PDF by the core's document stages, the
/// printed QR rendered here (<see cref="PrintedQrReader"/>) for a PDF a trusted signer signed.
/// </summary>
public sealed class LicenceVerifier(IVerificationSources sources, PrintedQrReader printed, TimeProvider time)
{
    private readonly VerificationPipeline pipeline = new();
    private readonly DocumentPipeline documents = new();

    public Task<VerificationOutcome> VerifyAsync(VerificationInput input, CancellationToken cancellationToken) => input switch
    {
        VerificationInput.Text text => VerifyTextAsync(text.Value, cancellationToken),
        VerificationInput.Image image => VerifyImageAsync(image.Bytes, cancellationToken),
        VerificationInput.Pdf pdf => VerifyPdfAsync(pdf.Bytes, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    /// <summary>The verdict on a QR text, and the licence identifier once its signature verified.</summary>
    public async Task<VerificationOutcome> VerifyTextAsync(string text, CancellationToken cancellationToken)
    {
        var material = sources.Trust;
        var prepared = pipeline.Prepare(text, material, time.GetUtcNow());
        if (prepared.StatusToFetch is { } list)
        {
            await sources.EnsureStatusAsync(list, material, cancellationToken).ConfigureAwait(false);
        }

        return new VerificationOutcome(pipeline.Complete(prepared, sources.Status, time.GetUtcNow()), prepared.VerifiedIdentifier, null);
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
        var material = sources.Trust;
        var prepared = documents.Prepare(pdf, material, time.GetUtcNow(), PdfLicenceReader.Instance);
        if (prepared.StatusToFetch is { } list)
        {
            await sources.EnsureStatusAsync(list, material, cancellationToken).ConfigureAwait(false);
        }

        var reading = prepared.NeedsPrintedQr ? await printed.ReadAsync(pdf, cancellationToken).ConfigureAwait(false) : null;
        return new VerificationOutcome(documents.Complete(prepared, sources.Status, reading, time.GetUtcNow()), prepared.VerifiedIdentifier, null);
    }
}
