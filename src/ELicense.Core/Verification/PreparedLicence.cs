using ELicense.Core.Reasons;

namespace ELicense.Core.Verification;

/// <summary>
/// A licence after the first phase of the pipeline (<see cref="VerificationPipeline.Prepare"/>): format,
/// identifier, signature, chain, key state and validity have run. When they all passed,
/// <see cref="StatusToFetch"/> names the one status list the host may fetch; otherwise nothing may be
/// fetched and <see cref="VerificationPipeline.Complete"/> only writes the verdict.
/// </summary>
public sealed class PreparedLicence
{
    internal PreparedLicence(VerificationState state, CheckResult[] results, Reason? failure)
    {
        State = state;
        Results = results;
        Failure = failure;
    }

    internal VerificationState State { get; }

    internal CheckResult[] Results { get; }

    internal Reason? Failure { get; }

    /// <summary>Whether every check before status passed: the signature verified under an admitted signer and the licence is within its validity.</summary>
    public bool Passed => Failure is null;

    /// <summary>The status list to have at hand before completing; null when nothing may or need be fetched.</summary>
    public StatusListKey? StatusToFetch =>
        Failure is null && State.Signer is { } signer && Status.StatusListName.BelongsTo(State.Payload.Status.List, signer.Province)
            ? new StatusListKey(signer.Province, State.Payload.Status.List)
            : null;

    /// <summary>The licence identifier, once the signature verified (before that the text is an attacker's and is not repeated).</summary>
    public string? VerifiedIdentifier => State.Signer is not null ? State.Payload.Identifier : null;

    /// <summary>The decoded payload, once the signature verified.</summary>
    public Encoding.LicencePayload? VerifiedPayload => State.Signer is not null ? State.Payload : null;

    /// <summary>The signer whose signature verified, if any.</summary>
    public Trust.TrustedSigner? Signer => State.Signer;
}
