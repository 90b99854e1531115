namespace ELicense.LicenseService.Storage;

/// <summary>One key event in the audit log: who did what to which key, when, and why.</summary>
/// <param name="At">When.</param>
/// <param name="By">The token subject of an administrator, or <c>scheduler</c> for the lifecycle itself.</param>
/// <param name="Action">created, activated, retired, revoked, removed, rewrapped.</param>
/// <param name="Kid">The key.</param>
/// <param name="Family">SM2 or RSA.</param>
/// <param name="Detail">Why, or the reason given; never key material.</param>
/// <param name="CompromisedAt">For a revocation, the stated compromise time.</param>
public sealed record KeyAuditRecord(DateTimeOffset At, string By, string Action, string Kid, string Family, string Detail, DateTimeOffset? CompromisedAt = null);
