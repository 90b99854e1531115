using System.Globalization;
using System.Text;
using ELicense.Core.Documents;
using ELicense.Core.Trust;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace ELicense.LicenseService.Signing;

/// <summary>
/// Signs a rendered PDF with the document signer's key: a signature field and dictionary with
/// <c>/SubFilter /ETSI.CAdES.detached</c> (PAdES baseline B-B, ETSI EN 319 142-1) whose
/// <c>/ByteRange</c> covers the whole file but the signature, and a detached CMS from
/// <see cref="DetachedCms"/>. PDFsharp writes the placeholders; the byte range and signature are
/// then filled in place, so the file keeps its length and cross-reference offsets.
/// </summary>
public static class PdfSigner
{
    /// <summary>Bytes reserved for the CMS: a 4,096-bit RSA signature, a certificate chain of three and room to spare.</summary>
    private const int ReservedSignatureBytes = 8_192;
    private const string ByteRangePlaceholder = "[0 0000000000 0000000000 0000000000]";
    private static readonly byte[] ContentsMarker = Encoding.ASCII.GetBytes("<" + new string('0', 2 * ReservedSignatureBytes) + ">");

    /// <summary>Adds the signature to <paramref name="document"/> (page 1), saves it and returns the signed bytes.</summary>
    public static byte[] SignAndSave(PdfDocument document, DocumentSigner signer, DateTimeOffset signingTime, string reason, string location)
    {
        var signature = new PdfDictionary(document);
        signature.Elements["/Type"] = new PdfName("/Sig");
        signature.Elements["/Filter"] = new PdfName("/Adobe.PPKLite");
        signature.Elements["/SubFilter"] = new PdfName("/ETSI.CAdES.detached");
        signature.Elements["/ByteRange"] = new PdfLiteral(ByteRangePlaceholder);
        signature.Elements["/Contents"] = new PdfLiteral("<" + new string('0', 2 * ReservedSignatureBytes) + ">");
        signature.Elements["/M"] = new PdfString("D:" + signingTime.ToUniversalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z");
        signature.Elements["/Reason"] = new PdfString(reason, PdfStringEncoding.Unicode);
        signature.Elements["/Location"] = new PdfString(location, PdfStringEncoding.Unicode);
        document.Internals.AddObject(signature);

        var page = document.Pages[0];
        var field = new PdfDictionary(document);
        field.Elements["/Type"] = new PdfName("/Annot");
        field.Elements["/Subtype"] = new PdfName("/Widget");
        field.Elements["/FT"] = new PdfName("/Sig");
        field.Elements["/T"] = new PdfString("ELicenseSignature");
        field.Elements["/F"] = new PdfInteger(132); // print + locked
        field.Elements["/Rect"] = new PdfLiteral("[0 0 0 0]");
        field.Elements.SetReference("/V", signature);
        field.Elements.SetReference("/P", page);
        document.Internals.AddObject(field);

        var annotations = page.Elements.GetArray("/Annots");
        if (annotations is null)
        {
            annotations = new PdfArray(document);
            page.Elements["/Annots"] = annotations;
        }

        annotations.Elements.Add(field.Reference!);
        var form = new PdfDictionary(document);
        var fields = new PdfArray(document);
        fields.Elements.Add(field.Reference!);
        form.Elements["/Fields"] = fields;
        form.Elements["/SigFlags"] = new PdfInteger(3); // signatures exist, append only
        document.Internals.AddObject(form);
        document.Internals.Catalog.Elements.SetReference("/AcroForm", form);

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        var pdf = stream.ToArray();
        Fill(pdf, signer);
        return pdf;
    }

    private static void Fill(byte[] pdf, DocumentSigner signer)
    {
        var contentsAt = pdf.AsSpan().IndexOf(ContentsMarker);
        var placeholderAt = pdf.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ByteRangePlaceholder));
        if (contentsAt < 0 || placeholderAt < 0)
        {
            throw new InvalidOperationException("The signature placeholders were not found in the saved PDF.");
        }

        var gapStart = contentsAt;
        var gapEnd = gapStart + (2 * ReservedSignatureBytes) + 2;
        var byteRange = string.Create(CultureInfo.InvariantCulture, $"[0 {gapStart} {gapEnd} {pdf.Length - gapEnd}]");
        Encoding.ASCII.GetBytes(byteRange.PadRight(ByteRangePlaceholder.Length)).CopyTo(pdf, placeholderAt);

        var cms = DetachedCms.Sign(signer.Key, signer.Certificate, [pdf.AsMemory(0, gapStart), pdf.AsMemory(gapEnd)]);
        if (cms.Length > ReservedSignatureBytes)
        {
            throw new InvalidOperationException($"The CMS signature ({cms.Length} bytes) is larger than the space reserved for it.");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(pdf, gapStart + 1);
    }
}
