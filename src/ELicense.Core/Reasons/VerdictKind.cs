namespace ELicense.Core.Reasons;

/// <summary>The answer of a verification (DESIGN §9).</summary>
public enum VerdictKind
{
    /// <summary>Every check passed.</summary>
    Valid,

    /// <summary>A check failed: the licence must not be accepted.</summary>
    Invalid,

    /// <summary>Nothing failed, but something needed (current status, current trust) was not at hand.</summary>
    Indeterminate,
}
