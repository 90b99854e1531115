using ELicense.Core.Reasons;
using ELicense.Core.Trust;
using ELicense.Core.Verification;

namespace ELicense.Core.Documents;

/// <summary>What the stages of one PDF verification read and, stage by stage, fill in.</summary>
public sealed class DocumentState(byte[] pdf, TrustMaterial trust, DateTimeOffset now, IPdfCarrierReader carrierReader, VerificationPipeline licences)
{
    /// <summary>The detail a reason about the PDF's own signature (not the carried licence's) carries, in both languages.</summary>
    public const string SignatureDetail = "(PDF signature)";

    public const string SignatureDetailZh = "（PDF 签名）";

    public byte[] Pdf { get; } = pdf;

    public TrustMaterial Trust { get; } = trust;

    public DateTimeOffset Now { get; internal set; } = now;

    public IPdfCarrierReader CarrierReader { get; } = carrierReader;

    public VerificationPipeline Licences { get; } = licences;

    /// <summary>Set by the signature stage: the hex kid of the certificate in the CMS, once it was found.</summary>
    public string? SignerKid { get; set; }

    /// <summary>Set by the signature stage: the trusted document signer whose signature covers the whole file.</summary>
    public TrustedSigner? Signer { get; set; }

    /// <summary>Set by the carried-payload stage.</summary>
    public PdfCarrier? Carrier { get; set; }

    /// <summary>Set by the carried-payload stage: the one QR text the PDF carries.</summary>
    public string? Payload { get; set; }

    /// <summary>Set by the carried-payload stage: the payload after the licence pipeline's first phase.</summary>
    public PreparedLicence? Licence { get; set; }

    /// <summary>Set by the signer-admission stage when the PDF's signer may not have signed this PDF.</summary>
    public Reason? SignerRefusal { get; set; }

    /// <summary>The signing time the PDF states (<c>/M</c>), or now when it states none.</summary>
    public DateTimeOffset SignedAt => Carrier?.SignedAt ?? Now;
}
