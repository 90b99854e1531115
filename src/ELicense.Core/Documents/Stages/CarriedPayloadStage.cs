using ELicense.Core.Reasons;
using ELicense.Core.Verification;

namespace ELicense.Core.Documents.Stages;

/// <summary>
/// DESIGN §8: the PDF carries the signed licence, in its document information and its attachment
/// (which must agree when both are there), and that licence goes through the licence pipeline's
/// first phase like any scanned QR text.
/// </summary>
public static class CarriedPayloadStage
{
    /// <summary>The longest payload copy read: a licence QR text is about a thousand characters.</summary>
    public const int MaxPayloadLength = 8_192;

    public static Reason? Run(DocumentState state)
    {
        if (!state.CarrierReader.TryRead(state.Pdf, out var carrier, out var error))
        {
            return ReasonCatalogue.Create(ReasonCode.PdfPayloadMissing, error);
        }

        state.Carrier = carrier;
        var info = carrier.InfoPayload is { Length: > 0 and <= MaxPayloadLength } i ? i : null;
        var attached = carrier.AttachedPayload is { Length: > 0 and <= MaxPayloadLength } a ? a : null;
        var payload = info ?? attached;
        if (payload is null)
        {
            return ReasonCatalogue.Create(ReasonCode.PdfPayloadMissing);
        }

        if (info is not null && attached is not null && info != attached)
        {
            return ReasonCatalogue.Create(ReasonCode.PdfPayloadMissing, "Its two copies of the licence differ.");
        }

        state.Payload = payload;
        state.Licence = state.Licences.Prepare(payload, state.Trust, state.Now);
        return null;
    }
}
