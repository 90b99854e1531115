using System.IO.Pipelines;
using System.Text;
using ELicense.Core.Crypto;
using ELicense.Core.Documents;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.LicenseService.Endpoints;
using ELicense.LicenseService.Issuance;
using ELicense.Verifier.Documents;
using ELicense.Verifier.Endpoints;
using Microsoft.AspNetCore.Http;

namespace ELicense.Fuzz;

/// <summary>
/// Every decoder that reads bytes from outside, as a fuzzing target. A target's contract is the
/// decoder's own: a Try… method answers false, the pipeline answers a verdict, the request reader a
/// problem — any exception that escapes is a finding, and AFL++ keeps the input that raised it.
/// </summary>
public static class Targets
{
    /// <summary>The boundary of the multipart seeds and of every form the verify target reads.</summary>
    public const string Boundary = "elicense-fuzz";

    // Made on first use: instrumented code may run only once the fuzzer has mapped its coverage memory.
    private static readonly Lazy<VerificationPipeline> LazyPipeline = new(() => new VerificationPipeline());
    private static readonly Lazy<DocumentPipeline> LazyDocuments = new(() => new DocumentPipeline());

    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        // The QR text of a licence or presentation: prefix, Base45, zlib, COSE_Sign1, payload CBOR, content rules. An input
        // that does not start with a prefix is taken as the COSE bytes inside one, so that mutations reach the CBOR
        // (a mutated Base45 text is rarely Base45, and a mutated zlib stream rarely inflates).
        ["qr"] = data => LazyPipeline.Value.Verify(QrText(data), DevMaterial.Trust, new StatusSnapshot(), DevMaterial.Now),

        // A Status List Token as a Verifier fetches it from a province.
        ["status-list"] = data =>
        {
            if (StatusListTokenCodec.TryDecode(data, 1 << 24, out _, out var token, out _))
            {
                _ = token!.List.Count;
            }
        },

        // A province's signed trust list, decoded and then checked to the development roots.
        ["trust-list"] = data => TrustListCodec.TryVerify(data, DevMaterial.Validator, DevMaterial.Now, null, out _, out _),

        // A province's signed catalogue document.
        ["catalogue"] = data => CatalogueDocumentCodec.TryVerify(data, DevMaterial.Validator, DevMaterial.Now, out _, out _),

        // A licence PDF: the signature's byte range and CMS, the carried payload (PDFsharp), and the payload's verdict.
        ["pdf"] = data =>
        {
            var prepared = LazyDocuments.Value.Prepare(data, DevMaterial.Trust, DevMaterial.Now, PdfLicenceReader.Instance);
            LazyDocuments.Value.Complete(prepared, null, null, DevMaterial.Now);
        },

        // The CMS SignedData of a PDF signature on its own, over a fixed signed part. DetachedCms turns every exception of its
        // parser into a refusal by design; one that only a bug raises (ours or the runtime's) is a finding all the same.
        ["cms"] = data => NoBugBehind(DetachedCms.Verify(data, [Seeds.CmsContent]).Error),

        // A batch body: NDJSON lines, each parsed and its content checked against its type.
        ["batch-line"] = data => Batch(data).GetAwaiter().GetResult(),

        // The front of POST /api/v1/verify: the multipart form, its fields and the file's kind, up to the decoder.
        ["verify-form"] = data => Form(data).GetAwaiter().GetResult(),
    };

    private static readonly string[] BugExceptions =
    [
        nameof(NullReferenceException), nameof(OverflowException), nameof(DivideByZeroException), nameof(KeyNotFoundException),
        nameof(NotSupportedException), nameof(NotImplementedException), nameof(ObjectDisposedException), nameof(InsufficientExecutionStackException),
    ];

    /// <summary>Raises when a refusal names an exception that malformed input does not explain.</summary>
    private static void NoBugBehind(string? error)
    {
        if (error is not null && BugExceptions.Any(name => error.Contains(": " + name + ":", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("A bug was taken for a bad signature: " + error);
        }
    }

    /// <summary>The seed or mutation as a QR text: itself when it starts with a prefix, else COSE bytes behind ELC1: (or behind ELP1: after a leading 'P').</summary>
    public static string QrText(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        if (text.StartsWith(PayloadKinds.LicencePrefix, StringComparison.Ordinal) || text.StartsWith(PayloadKinds.PresentationPrefix, StringComparison.Ordinal))
        {
            return text;
        }

        return data is [(byte)'P', .. var cose]
            ? PayloadKinds.PresentationPrefix + Base45.Encode(Zlib.Compress(cose))
            : PayloadKinds.LicencePrefix + Base45.Encode(Zlib.Compress(data));
    }

    private static async Task Batch(byte[] data)
    {
        await foreach (var (number, text, tooLong) in BatchLines.ReadAsync(PipeReader.Create(new MemoryStream(data)), 4_096, CancellationToken.None))
        {
            var (_, request, error) = BatchLines.Parse(number, text, tooLong, "fuzz");
            if (error is null && LicenceCatalogue.NationalBase.Find(request!.Type) is { } type)
            {
                var holder = new Holder(request.Holder?.Name ?? "", request.Holder?.IdType ?? type.HolderIdType, request.Holder?.IdNumber ?? "");
                LicenceContentValidator.Validate(type, request.Holder is null ? null : holder, request.Fields ?? [], request.ValidFrom ?? DevMaterial.Now, request.ValidUntil);
                RequestCanonicalForm.Hash(type, request);
            }
        }
    }

    private static async Task Form(byte[] data)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "multipart/form-data; boundary=" + Boundary;
        context.Request.ContentLength = data.Length;
        context.Request.Body = new MemoryStream(data);
        await VerifyRequestReader.ReadAsync(context.Request, CancellationToken.None);
    }
}
