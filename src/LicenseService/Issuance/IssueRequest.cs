namespace ELicense.LicenseService.Issuance;

/// <summary>The body of an issue request (one line of a batch has the same shape).</summary>
/// <param name="Type">The catalogue key (<c>id-card</c>) or the GB/T 36904 type code.</param>
/// <param name="Holder">The holder.</param>
/// <param name="Fields">The type's fields by key.</param>
/// <param name="ValidFrom">Start of validity; default: the issue time.</param>
/// <param name="ValidUntil">End of validity; absent for a permanent licence where the type allows it.</param>
/// <param name="IdempotencyKey">In a batch only: this line's idempotency key (default: the batch key and the line number).</param>
/// <param name="Authority">Optionally, the credit code of the issuing authority; it must be the one the token acts for (else 403).</param>
public sealed record IssueRequest(
    string? Type,
    HolderRequest? Holder,
    Dictionary<string, string>? Fields,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    string? IdempotencyKey = null,
    string? Authority = null);

/// <summary>The holder in an issue request.</summary>
/// <param name="Name">Name of the person or organisation.</param>
/// <param name="IdType">citizen-id, credit-code or birth-cert-no; default: the one the type requires.</param>
/// <param name="IdNumber">The identity-document number.</param>
public sealed record HolderRequest(string? Name, string? IdType, string? IdNumber);
