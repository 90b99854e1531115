using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;

namespace ELicense.Core.Verification;

/// <summary>What the stages of one verification read and, stage by stage, fill in.</summary>
public sealed class VerificationState(string? text, TrustMaterial trust, DateTimeOffset now, VerificationOptions options)
{
    public string? Text { get; } = text;

    public TrustMaterial Trust { get; } = trust;

    /// <summary>The status lists at hand; set for the second phase.</summary>
    public IStatusSource? StatusSource { get; internal set; }

    /// <summary>The time of the verification; the second phase runs at its own time (after any fetch).</summary>
    public DateTimeOffset Now { get; internal set; } = now;

    public VerificationOptions Options { get; } = options;

    /// <summary>Set by the format stage.</summary>
    public DecodedPayload? Decoded { get; set; }

    /// <summary>Set by the format stage for a licence of a catalogue type.</summary>
    public LicenceType? Type { get; set; }

    /// <summary>Set by the signature stage: the trusted signer whose key verified the signature.</summary>
    public TrustedSigner? Signer { get; set; }

    /// <summary>Set by the chain stage: what <see cref="SignerAdmission"/> said of the signer (null: admitted).</summary>
    public ReasonCode? Admission { get; set; }

    /// <summary>Set by the status stage.</summary>
    public StatusEvidence? Status { get; set; }

    public LicencePayload Payload => Decoded?.Payload ?? throw new InvalidOperationException("The format stage has not run.");
}
