namespace ELicense.LicenseService.Issuance;

/// <summary>What became of one issue request.</summary>
public enum IssueOutcome
{
    /// <summary>A new licence was signed and stored.</summary>
    Issued,

    /// <summary>The same request came before under the same idempotency key: the licence issued then.</summary>
    Replayed,

    /// <summary>The idempotency key was used before for a different request.</summary>
    Conflict,

    /// <summary>The request is malformed or breaks a rule of its type.</summary>
    Invalid,

    /// <summary>The caller may not issue licences of this type.</summary>
    Forbidden,

    /// <summary>The store holds a value under this request's identifier that is not a record this service sealed: nothing is answered from it.</summary>
    Unverified,
}
