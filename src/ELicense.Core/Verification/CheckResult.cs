namespace ELicense.Core.Verification;

/// <summary>How one check ended.</summary>
public enum CheckResult
{
    /// <summary>Not run, because an earlier check failed.</summary>
    NotChecked,
    Ok,
    Failed,

    /// <summary>Could not be decided (e.g. no current status list).</summary>
    Indeterminate,
}
