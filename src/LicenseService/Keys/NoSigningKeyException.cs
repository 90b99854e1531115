namespace ELicense.LicenseService.Keys;

/// <summary>
/// No key of a family is active at this moment — only between a revocation of the active key and
/// its replacement, when another replica held the rotation lock. Answered as 503 with Retry-After:
/// nothing was signed, and the next lifecycle round makes the replacement.
/// </summary>
public sealed class NoSigningKeyException(string message) : InvalidOperationException(message);
