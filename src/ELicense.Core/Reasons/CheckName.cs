namespace ELicense.Core.Reasons;

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

    /// <summary>The content against its type's definition, as published by the signer's province or the national base (DESIGN §12).</summary>
    Content,
}
