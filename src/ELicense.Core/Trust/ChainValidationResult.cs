namespace ELicense.Core.Trust;

/// <summary>The outcome of validating root → provincial CA → end entity.</summary>
/// <param name="Province">The province code the provincial CA vouches for; null when invalid.</param>
/// <param name="Window">Where all three certificates are valid at once.</param>
/// <param name="Error">Why the chain is refused; null when it is valid.</param>
/// <param name="Key">The end entity's public key, decoded; null when invalid.</param>
public sealed record ChainValidationResult(string? Province, ValidityWindow Window, string? Error, Crypto.IVerificationKey? Key = null)
{
    public bool IsValid => Error is null;

    public static ChainValidationResult Fail(string error) => new(null, default, error);
}
