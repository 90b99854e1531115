using ELicense.Core.Reasons;

namespace ELicense.Core.Verification;

/// <summary>One named step of the pipeline. It reads the state, may add to it, and passes or fails with one reason.</summary>
public abstract class VerificationStage
{
    public abstract CheckName Check { get; }

    /// <summary>Runs the check. Returns null when it passes, else the reason it fails.</summary>
    public abstract Reason? Run(VerificationState state);
}
