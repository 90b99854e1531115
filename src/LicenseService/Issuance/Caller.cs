using System.Security.Claims;

namespace ELicense.LicenseService.Issuance;

/// <summary>Who calls, as the bearer token says: subject, roles and, for issuers, the licence types they may issue.</summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, IReadOnlySet<string> LicenceTypes)
{
    /// <summary>The claim listing the licence-type keys an issuer may issue (one claim per type, or space-separated).</summary>
    public const string LicenceTypesClaim = "licence_types";

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindAll(ClaimTypes.Role).Concat(user.FindAll("role")).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        user.FindAll(LicenceTypesClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether the caller may issue licences of the type with this key.</summary>
    public bool MayIssue(string typeKey) => Roles.Contains(Auth.Roles.Issuer) && LicenceTypes.Contains(typeKey);

    /// <summary>Whether the caller may read a licence of this type held by the holder with this identity number.</summary>
    public bool MayRead(string typeKey, string holderIdNumber) =>
        Roles.Contains(Auth.Roles.Admin) || MayIssue(typeKey) ||
        (Roles.Contains(Auth.Roles.Citizen) && string.Equals(Subject, holderIdNumber, StringComparison.OrdinalIgnoreCase));
}
