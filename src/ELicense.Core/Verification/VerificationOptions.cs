using ELicense.Core.Encoding;

namespace ELicense.Core.Verification;

/// <summary>Tolerances of the verification pipeline.</summary>
/// <param name="ClockSkew">How far a signer's clock may run ahead of the verifier's (5 minutes, as JWT libraries allow by default).</param>
/// <param name="MaxPresentationLifetime">The longest validity a presentation may claim; DESIGN §4 makes them 60 s, so anything past 5 minutes is refused.</param>
/// <param name="Limits">The decoder's size limits.</param>
public sealed record VerificationOptions(TimeSpan ClockSkew, TimeSpan MaxPresentationLifetime, DecodeLimits Limits)
{
    public static readonly VerificationOptions Default = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), DecodeLimits.Default);
}
