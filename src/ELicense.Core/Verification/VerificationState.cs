using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Trust;

namespace ELicense.Core.Verification;

/// <summary>What the stages of one verification read and, stage by stage, fill in.</summary>
public sealed class VerificationState(string? text, TrustMaterial trust, IStatusSource? statusSource, DateTimeOffset now, VerificationOptions options)
{
    public string? Text { get; } = text;

    public TrustMaterial Trust { get; } = trust;

    public IStatusSource? StatusSource { get; } = statusSource;

    public DateTimeOffset Now { get; } = now;

    public VerificationOptions Options { get; } = options;

    /// <summary>Set by the format stage.</summary>
    public DecodedPayload? Decoded { get; set; }

    /// <summary>Set by the format stage for a licence of a catalogue type.</summary>
    public LicenceType? Type { get; set; }

    /// <summary>Set by the signature stage: the trusted signer whose key verified the signature.</summary>
    public TrustedSigner? Signer { get; set; }

    /// <summary>Set by the status stage.</summary>
    public StatusEvidence? Status { get; set; }

    public LicencePayload Payload => Decoded?.Payload ?? throw new InvalidOperationException("The format stage has not run.");
}
