using ELicense.Core.Reasons;
using ELicense.Core.Verification;

namespace ELicense.Core.Documents.Stages;

/// <summary>
/// DESIGN §8: the QR printed on the page — what a clerk's scanner reads from the paper — is the very
/// licence the PDF carries. The host renders the page (a reader it supplies); a page that cannot be
/// rendered is INDETERMINATE, never VALID.
/// </summary>
public static class PrintedQrStage
{
    public static (Reason? Failure, CheckResult Result) Run(DocumentState state, PrintedQrReading? reading)
    {
        if (reading is null || !reading.Rendered)
        {
            return (ReasonCatalogue.Create(ReasonCode.PdfQrUnchecked, reading?.Error ?? "No renderer was given.", "（无法渲染页面）"), CheckResult.Indeterminate);
        }

        if (reading.Text == state.Payload)
        {
            return (null, CheckResult.Ok);
        }

        return (reading.Text is null
            ? ReasonCatalogue.Create(ReasonCode.PdfQrMismatch, "No QR code can be read on the page.", "（页面上没有可识读的二维码）")
            : ReasonCatalogue.Create(ReasonCode.PdfQrMismatch), CheckResult.Failed);
    }
}
