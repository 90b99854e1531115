namespace ELicense.Core.Documents;

/// <summary>
/// Reads what a licence PDF carries besides its pixels (DESIGN §8): the payload copies and the
/// signing time. Implemented by the host with a PDF library; the document pipeline calls it only
/// after the PDF's signature verified under a trusted document signer, so only what a trusted signer
/// produced is parsed.
/// </summary>
public interface IPdfCarrierReader
{
    /// <summary>Reads the carrier; false with a reason when the PDF cannot be parsed. Must not throw for a malformed PDF.</summary>
    bool TryRead(byte[] pdf, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PdfCarrier? carrier, out string? error);
}

/// <summary>What a PDF carries: the payload from its document information (<see cref="PdfCarrierNames.InfoKey"/>), from its
/// attachment (<see cref="PdfCarrierNames.AttachmentName"/>), and the signing time <c>/M</c> of its signature dictionary.</summary>
public sealed record PdfCarrier(string? InfoPayload, string? AttachedPayload, DateTimeOffset? SignedAt);

/// <summary>Where a licence PDF carries its signed payload: a contract between the service that writes it and every verifier.</summary>
public static class PdfCarrierNames
{
    /// <summary>The document-information entry holding the QR text.</summary>
    public const string InfoKey = "/ELicensePayload";

    /// <summary>The attached file holding the QR text.</summary>
    public const string AttachmentName = "elicense-payload.txt";
}

/// <summary>What reading the QR printed on a PDF's first page gave: its text, or why the page could not be checked.</summary>
/// <param name="Text">The QR text found; null when none was.</param>
/// <param name="Rendered">Whether the page could be rendered at all.</param>
/// <param name="Error">Why not, or that no QR code was found.</param>
public sealed record PrintedQrReading(string? Text, bool Rendered, string? Error);
