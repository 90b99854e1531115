namespace ELicense.LicenseService.Keys;

/// <summary>Why the key layer refuses an administrator's request, in its own terms; the endpoint chooses the HTTP status.</summary>
public enum KeyAdminRefusal
{
    /// <summary>The request itself is wrong (a family the province does not use, a time not allowed).</summary>
    Invalid,

    /// <summary>It names a key that does not exist.</summary>
    UnknownKey,

    /// <summary>It conflicts with the keys' present state (a rotation pending or running, a key already revoked).</summary>
    Conflict,
}

/// <summary>
/// An administrator's request that cannot be carried out as asked (unknown kid, a second revocation,
/// a compromise time in the future, a rotation already pending). Nothing was changed. Carries what
/// the Problem Details answer needs, in English and Chinese.
/// </summary>
public sealed class KeyAdminException(KeyAdminRefusal refusal, string code, string field, string message, string messageZh) : Exception(message)
{
    public KeyAdminRefusal Refusal { get; } = refusal;

    public string Code { get; } = code;

    /// <summary>The request field at fault, or empty when the request as a whole is.</summary>
    public string Field { get; } = field;

    public string MessageZh { get; } = messageZh;
}
