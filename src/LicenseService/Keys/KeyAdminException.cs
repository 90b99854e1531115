namespace ELicense.LicenseService.Keys;

/// <summary>
/// An administrator's request that cannot be carried out as asked (unknown kid, a second revocation,
/// a compromise time in the future, a rotation already pending). Nothing was changed. Carries what
/// the Problem Details answer needs, in English and Chinese.
/// </summary>
public sealed class KeyAdminException(int status, string code, string field, string message, string messageZh) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>The request field at fault, or empty when the request as a whole is.</summary>
    public string Field { get; } = field;

    public string MessageZh { get; } = messageZh;
}
