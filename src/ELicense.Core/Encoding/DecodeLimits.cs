namespace ELicense.Core.Encoding;

/// <summary>
/// Upper bounds the payload decoder enforces before it does any work proportional to the input,
/// so that neither a long text nor a small zlib stream that inflates hugely (a zip bomb) can make
/// it allocate or compute much.
/// </summary>
/// <param name="MaxTextLength">The longest QR text; 4,296 is what a version-40 QR holds in alphanumeric mode.</param>
/// <param name="MaxCompressedBytes">The longest zlib stream after Base45 decoding.</param>
/// <param name="MaxInflatedBytes">The longest COSE_Sign1 after inflating; a full licence is under 2 KiB.</param>
public sealed record DecodeLimits(int MaxTextLength = 4_400, int MaxCompressedBytes = 2_960, int MaxInflatedBytes = 8_192)
{
    public static readonly DecodeLimits Default = new();
}
