using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ELicense.Core.Documents;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace ELicense.Verifier.Documents;

/// <summary>
/// Reads what a licence PDF carries besides its pixels (DESIGN §8): the signed QR payload, from the
/// document-information entry <c>/ELicensePayload</c> and the attached file
/// <c>elicense-payload.txt</c>, and the signing time <c>/M</c> of its signature dictionary. Read with
/// PDFsharp; the core's <see cref="DocumentPipeline"/> calls it only after the PDF signature has verified
/// under a trusted signer, so only what a trusted signer produced is parsed.
/// </summary>
public sealed class PdfLicenceReader : IPdfCarrierReader
{
    private const int MaxPayloadLength = Core.Documents.Stages.CarriedPayloadStage.MaxPayloadLength;

    public static readonly PdfLicenceReader Instance = new();

    public bool TryRead(byte[] pdf, [NotNullWhen(true)] out PdfCarrier? contents, out string? error)
    {
        contents = null;
        try
        {
            using var document = PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Import);
            var info = document.Info.Elements.GetString(PdfCarrierNames.InfoKey);
            contents = new PdfCarrier(info.Length is > 0 and <= MaxPayloadLength ? info : null, Attachment(document), SigningTime(document));
            error = null;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PDFsharp reports a malformed file with many exception types; any of them means "cannot be read".
            error = e.Message;
            return false;
        }
    }

    private static string? Attachment(PdfDocument document)
    {
        var names = document.Internals.Catalog.Elements.GetDictionary("/Names")?.Elements.GetDictionary("/EmbeddedFiles")?.Elements.GetArray("/Names");
        if (names is null)
        {
            return null;
        }

        for (var i = 0; i + 1 < names.Elements.Count; i += 2)
        {
            if (names.Elements.GetString(i) != PdfCarrierNames.AttachmentName)
            {
                continue;
            }

            var stream = names.Elements.GetDictionary(i + 1)?.Elements.GetDictionary("/EF")?.Elements.GetDictionary("/F")?.Stream;
            var bytes = stream?.UnfilteredValue;
            return bytes is { Length: > 0 and <= MaxPayloadLength } ? System.Text.Encoding.ASCII.GetString(bytes).Trim() : null;
        }

        return null;
    }

    private static DateTimeOffset? SigningTime(PdfDocument document)
    {
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is PdfDictionary dictionary && dictionary.Elements.ContainsKey("/ByteRange") && dictionary.Elements.ContainsKey("/M"))
            {
                return ParseDate(dictionary.Elements.GetString("/M"));
            }
        }

        return null;
    }

    /// <summary>Parses a PDF date (ISO 32000-1 §7.9.4): <c>D:YYYYMMDDHHmmSS</c> and <c>Z</c> or <c>±HH'mm'</c>.</summary>
    public static DateTimeOffset? ParseDate(string text)
    {
        var value = text.StartsWith("D:", StringComparison.Ordinal) ? text[2..] : text;
        if (value.Length < 14 || !DateTime.TryParseExact(value[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var zone = value[14..].Replace("'", "", StringComparison.Ordinal);
        if (zone is "" or "Z" or "Z00" or "Z0000")
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        return (zone[0] is '+' or '-') && zone.Length >= 5
            && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(zone.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && hours <= 14 && minutes < 60
            ? new DateTimeOffset(local, (zone[0] == '-' ? -1 : 1) * new TimeSpan(hours, minutes, 0))
            : null;
    }
}
