using ELicense.Core.Encoding;
using ELicense.Core.Verification;
using ELicense.Verifier.Status;
using ELicense.Verifier.Trust;

namespace ELicense.Verifier.Verification;

/// <summary>
/// Verifies a QR text with what this Verifier holds: the provinces' trust lists and the status list
/// the licence names (fetched whole, if not fresh), through the core pipeline (DESIGN §9).
/// </summary>
public sealed class LicenceVerifier(TrustSync trust, StatusSync status, TimeProvider time)
{
    private readonly VerificationPipeline pipeline = new();

    /// <summary>The verdict, and the licence identifier when the text decoded far enough to have one.</summary>
    public async Task<(Verdict Verdict, string? Identifier)> VerifyAsync(string text, CancellationToken cancellationToken)
    {
        var material = trust.Lists.Material;
        string? identifier = null;
        if (QrPayloadCodec.TryDecode(text, DecodeLimits.Default, out var decoded, out _))
        {
            identifier = decoded!.Payload.Identifier;
            await status.EnsureAsync(decoded.Payload.Status, decoded.Payload.Issuer.RegionCode, material, cancellationToken).ConfigureAwait(false);
        }

        return (pipeline.Verify(text, material, status.Source, time.GetUtcNow()), identifier);
    }
}
