namespace ELicense.Core.Verification;

/// <summary>The checks of a verification, in the order they run (DESIGN §9).</summary>
public enum CheckName
{
    Format,
    Identifier,
    Signature,
    Chain,
    KeyState,
    Validity,
    Status,
    Freshness,
}
