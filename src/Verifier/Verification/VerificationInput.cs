namespace ELicense.Verifier.Verification;

/// <summary>What was handed in to be verified: a QR text, a picture with a QR code, or a licence PDF.</summary>
public abstract record VerificationInput
{
    private VerificationInput()
    {
    }

    /// <summary>A scanned or pasted QR text.</summary>
    public sealed record Text(string Value) : VerificationInput;

    /// <summary>An encoded picture (photo or screenshot) of a QR code.</summary>
    public sealed record Image(byte[] Bytes) : VerificationInput;

    /// <summary>A licence PDF.</summary>
    public sealed record Pdf(byte[] Bytes) : VerificationInput;

    /// <summary>Tells a PDF and a picture apart by their first bytes; null when the bytes are neither.</summary>
    public static VerificationInput? FromFile(byte[] bytes) =>
        bytes.AsSpan().StartsWith("%PDF-"u8) ? new Pdf(bytes)
        : Documents.QrImageDecoder.LooksLikeImage(bytes) ? new Image(bytes)
        : null;
}

/// <summary>
/// The outcome of a verification: a verdict on a licence, or — when the input held nothing to give a
/// verdict on (a picture without a QR code, a file that is no picture) — why not.
/// </summary>
public sealed record VerificationOutcome(Core.Verification.Verdict? Verdict, string? Identifier, InputRefusal? Refusal)
{
    public static VerificationOutcome Refused(InputRefusal refusal) => new(null, null, refusal);
}

/// <summary>Why an input could not be verified at all, with a stable code and words in both languages.</summary>
public sealed record InputRefusal(string Code, string Message, string MessageZh)
{
    public static readonly InputRefusal NoQrCode = new("no-qr-code", "No QR code could be found in the picture; take it again, closer and sharper.", "图片中未找到二维码，请靠近、对焦后重新拍摄。");
    public static readonly InputRefusal NotAnImage = new("not-an-image", "The file is neither a picture nor a PDF this verifier reads.", "该文件不是可识别的图片或 PDF。");
    public static readonly InputRefusal ImageTooLarge = new("image-too-large",
        $"The picture has too many pixels: at most {Documents.QrImageDecoder.MaxUnscaledPixels / 1_000_000} million for PNG, GIF and BMP, {Documents.QrImageDecoder.MaxPixels / 1_000_000} million for JPEG and WebP.",
        $"图片像素过多：PNG、GIF、BMP 不得超过 {Documents.QrImageDecoder.MaxUnscaledPixels / 1_000_000} 百万像素，JPEG、WebP 不得超过 {Documents.QrImageDecoder.MaxPixels / 1_000_000} 百万像素。");
}
