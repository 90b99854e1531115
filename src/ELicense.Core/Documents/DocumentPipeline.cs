using ELicense.Core.Documents.Stages;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;

namespace ELicense.Core.Documents;

/// <summary>
/// The verification of a licence PDF (DESIGN §8) as named stages around the licence pipeline, in the
/// same two phases. <see cref="Prepare"/>: document signature (trusted signer, whole file) → carried
/// payload (parsed only now, and prepared like a QR text) → document signer admitted for the PDF's
/// date and the licence's province. <see cref="Complete"/>: the licence's status and freshness, then
/// the printed QR equal to the carried licence. A failure of the document itself comes first in the
/// reasons; the verdict is never better than the licence's. Thread-safe; never throws for bad input.
/// </summary>
public sealed class DocumentPipeline(VerificationPipeline? licences = null)
{
    private readonly VerificationPipeline licences = licences ?? new VerificationPipeline();

    /// <summary>The first phase; the carrier reader is called only once the signature verified under a trusted signer.</summary>
    public PreparedDocument Prepare(byte[] pdf, TrustMaterial trust, DateTimeOffset now, IPdfCarrierReader carrier)
    {
        var state = new DocumentState(pdf, trust, now, carrier, licences);
        var refusal = DocumentSignatureStage.Run(state) ?? CarriedPayloadStage.Run(state);
        if (refusal is null)
        {
            state.SignerRefusal = DocumentSignerStage.Run(state);
        }

        return new PreparedDocument(state, refusal);
    }

    /// <summary>The second phase, with the status lists at hand and the reading of the printed QR (null: none could be made).</summary>
    public Verdict Complete(PreparedDocument prepared, IStatusSource? status, PrintedQrReading? printed, DateTimeOffset now)
    {
        var state = prepared.State;
        state.Now = now;
        if (prepared.Refusal is { } refusal)
        {
            return Verdict.Refused(refusal) with
            {
                Document = new DocumentSummary("pdf", state.SignerKid, null, CheckResult.Failed, CheckResult.NotChecked),
            };
        }

        var verdict = licences.Complete(state.Licence!, status, now);
        var signature = CheckResult.Ok;
        if (state.SignerRefusal is { } signer)
        {
            verdict = verdict.WithFailure(signer);
            signature = CheckResult.Failed;
        }

        var (failure, printedResult) = PrintedQrStage.Run(state, printed);
        if (failure is not null)
        {
            verdict = verdict.WithFailure(failure);
        }

        return verdict with { Document = new DocumentSummary("pdf", state.SignerKid, state.Carrier?.SignedAt, signature, printedResult) };
    }
}
