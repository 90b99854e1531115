using System.Collections.Frozen;

namespace ELicense.Core.Reasons;

/// <summary>
/// What each reason code means: the check it belongs to, whether it makes the verdict INVALID or
/// INDETERMINATE, and its message in plain English and plain Chinese for the counter.
/// </summary>
public static class ReasonCatalogue
{
    /// <summary>One entry of the catalogue.</summary>
    public sealed record Entry(ReasonCode Code, CheckName Check, VerdictKind Verdict, string Message, string MessageZh);

    private static readonly FrozenDictionary<ReasonCode, Entry> Entries = new Entry[]
    {
        new(ReasonCode.PrefixUnknown, CheckName.Format, VerdictKind.Invalid, "This is not an ELicense code (it must start with ELC1: or ELP1:).", "这不是电子证照码（应以 ELC1: 或 ELP1: 开头）。"),
        new(ReasonCode.SizeLimitExceeded, CheckName.Format, VerdictKind.Invalid, "The code is larger than any genuine licence.", "证照码超出正常大小，已拒绝。"),
        new(ReasonCode.Base45Invalid, CheckName.Format, VerdictKind.Invalid, "The code contains characters that do not belong in it; it may be damaged or altered.", "证照码含有非法字符，可能已损坏或被篡改。"),
        new(ReasonCode.CompressionInvalid, CheckName.Format, VerdictKind.Invalid, "The code's content is damaged.", "证照码内容已损坏。"),
        new(ReasonCode.CoseInvalid, CheckName.Format, VerdictKind.Invalid, "The code's signed structure is damaged.", "证照码的签名结构已损坏。"),
        new(ReasonCode.HeaderInvalid, CheckName.Format, VerdictKind.Invalid, "The code's signature header is not in the required form.", "证照码的签名头格式不符合要求。"),
        new(ReasonCode.CborNotCanonical, CheckName.Format, VerdictKind.Invalid, "The code's data is not in its single permitted encoding.", "证照码数据的编码形式不合规。"),
        new(ReasonCode.CborDuplicateKey, CheckName.Format, VerdictKind.Invalid, "The code's data names an item twice.", "证照码数据中存在重复项。"),
        new(ReasonCode.AlgUnknown, CheckName.Format, VerdictKind.Invalid, "The code was signed with an algorithm that is not accepted.", "证照码使用了不被接受的签名算法。"),
        new(ReasonCode.ContentTypeMismatch, CheckName.Format, VerdictKind.Invalid, "The code's declared kind does not match its prefix.", "证照码声明的类型与前缀不一致。"),
        new(ReasonCode.PayloadInvalid, CheckName.Format, VerdictKind.Invalid, "The licence data in the code is incomplete or malformed.", "证照码中的证照数据不完整或格式错误。"),
        new(ReasonCode.VersionUnsupported, CheckName.Format, VerdictKind.Invalid, "The code uses a format version this verifier does not know.", "证照码的格式版本不受支持。"),
        new(ReasonCode.TypeUnknown, CheckName.Content, VerdictKind.Indeterminate, "The licence type is in no catalogue this verifier holds: the licence may be genuine, but its content cannot be checked.", "本核验端持有的证照目录中没有该证照类型：证照可能是真实的，但无法核对其内容。"),
        new(ReasonCode.ContentInvalid, CheckName.Content, VerdictKind.Invalid, "A field of the licence breaks its format rule.", "证照字段不符合格式规则。"),
        new(ReasonCode.IdentifierInvalid, CheckName.Identifier, VerdictKind.Invalid, "The licence identifier is malformed or its check character is wrong.", "电子证照标识格式错误或校验位不正确。"),
        new(ReasonCode.IdentifierMismatch, CheckName.Identifier, VerdictKind.Invalid, "The licence identifier does not match the licence type or issuing authority.", "电子证照标识与证照类型或发证机关不一致。"),
        new(ReasonCode.UntrustedIssuer, CheckName.Signature, VerdictKind.Invalid, "The signer is not a trusted issuing authority.", "签发者不是受信任的发证机关。"),
        new(ReasonCode.AlgMismatch, CheckName.Signature, VerdictKind.Invalid, "The code's signature algorithm does not match the signer's key.", "证照码的签名算法与签名密钥不符。"),
        new(ReasonCode.SignatureInvalid, CheckName.Signature, VerdictKind.Invalid, "The signature does not match: the licence has been altered or forged.", "签名验证失败：证照已被篡改或伪造。"),
        new(ReasonCode.IssuerRegionMismatch, CheckName.Chain, VerdictKind.Invalid, "The licence claims a region its signer's province does not cover.", "证照声明的发证地区不属于签名者所在省份。"),
        new(ReasonCode.CertificateNotValidAtSigning, CheckName.Chain, VerdictKind.Invalid, "The signer's certificate was not valid when the licence was signed.", "签发时签名证书不在有效期内。"),
        new(ReasonCode.KeyRevoked, CheckName.KeyState, VerdictKind.Invalid, "The signing key has been revoked; what it signed from its compromise time on is void.", "签名密钥已被吊销，其自泄露时间起签发的证照无效。"),
        new(ReasonCode.KeyNotActive, CheckName.KeyState, VerdictKind.Invalid, "The signing key was not yet in service when the licence was signed.", "签发时该签名密钥尚未启用。"),
        new(ReasonCode.IssuedInFuture, CheckName.Validity, VerdictKind.Invalid, "The licence claims to be signed in the future.", "证照的签发时间晚于当前时间。"),
        new(ReasonCode.NotYetValid, CheckName.Validity, VerdictKind.Invalid, "The licence is not valid yet.", "证照尚未生效。"),
        new(ReasonCode.Expired, CheckName.Validity, VerdictKind.Invalid, "The licence has expired.", "证照已过有效期。"),
        new(ReasonCode.PresentationExpired, CheckName.Validity, VerdictKind.Invalid, "This dynamic code has expired; ask the holder to show a fresh one.", "动态码已过期，请持证人重新出示。"),
        new(ReasonCode.Revoked, CheckName.Status, VerdictKind.Invalid, "The licence has been revoked.", "证照已被注销。"),
        new(ReasonCode.Suspended, CheckName.Status, VerdictKind.Invalid, "The licence is suspended.", "证照已被暂停使用。"),
        new(ReasonCode.StatusUnavailable, CheckName.Status, VerdictKind.Indeterminate, "The licence's current status could not be obtained.", "无法获取证照的当前状态。"),
        new(ReasonCode.StatusStale, CheckName.Freshness, VerdictKind.Indeterminate, "The status information at hand is out of date.", "证照状态信息已过期，无法确认当前状态。"),
        new(ReasonCode.TrustListStale, CheckName.Freshness, VerdictKind.Indeterminate, "The trust list at hand is out of date.", "信任列表已过期，无法确认签发者。"),
        new(ReasonCode.PdfUnsigned, CheckName.Signature, VerdictKind.Invalid, "The PDF carries no electronic signature of an issuing authority.", "该 PDF 没有发证机关的电子签名。"),
        new(ReasonCode.PdfSignatureInvalid, CheckName.Signature, VerdictKind.Invalid, "The PDF's signature does not match: the document has been altered or forged.", "PDF 签名验证失败：文件已被篡改或伪造。"),
        new(ReasonCode.PdfModifiedAfterSigning, CheckName.Signature, VerdictKind.Invalid, "Content was added to the PDF after it was signed.", "PDF 在签名之后被添加或修改了内容。"),
        new(ReasonCode.PdfPayloadMissing, CheckName.Format, VerdictKind.Invalid, "The PDF does not carry the signed licence data.", "PDF 中没有已签名的证照数据。"),
        new(ReasonCode.PdfQrMismatch, CheckName.Format, VerdictKind.Invalid, "The QR code printed on the PDF is not the licence the PDF carries.", "PDF 上印制的二维码与其所载证照数据不一致。"),
        new(ReasonCode.PdfQrUnchecked, CheckName.Format, VerdictKind.Indeterminate, "The QR code printed on the PDF could not be checked.", "无法核对 PDF 上印制的二维码。"),
        new(ReasonCode.KeyRetired, CheckName.KeyState, VerdictKind.Invalid, "The signing key had already been retired when this was signed.", "签发时该签名密钥已停用。"),
        new(ReasonCode.StatusListInvalid, CheckName.Status, VerdictKind.Indeterminate, "The licence names a status list its issuing province does not publish.", "证照所指的状态列表不属于其签发省份，无法确认当前状态。"),
    }.ToFrozenDictionary(e => e.Code);

    /// <summary>Every entry, in code order.</summary>
    public static IEnumerable<Entry> All => Enum.GetValues<ReasonCode>().Select(Describe);

    /// <summary>The entry of a code.</summary>
    public static Entry Describe(ReasonCode code) => Entries[code];

    /// <summary>A reason with the catalogue's messages, plus a detail in each language when given.</summary>
    public static Reason Create(ReasonCode code, string? detail = null, string? detailZh = null)
    {
        var entry = Entries[code];
        return new Reason(code, detail is null ? entry.Message : $"{entry.Message} {detail}", detailZh is null ? entry.MessageZh : $"{entry.MessageZh}{detailZh}");
    }
}
