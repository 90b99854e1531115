using System.Security.Claims;

namespace ELicense.LicenseService.Auth;

/// <summary>Who calls, as the bearer token says: subject, roles and, for issuers, the licence types they may issue and the
/// issuing authority they act for (claim <c>authority</c>, a credit code; none: the province's own authority).</summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, IReadOnlySet<string> LicenceTypes, string? Authority = null)
{
    /// <summary>The claim naming the issuing authority (its credit code) an issuer acts for.</summary>
    public const string AuthorityClaim = "authority";

    /// <summary>The claim listing the licence-type keys an issuer may issue (one claim per type, or space-separated).</summary>
    public const string LicenceTypesClaim = "licence_types";

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindAll(ClaimTypes.Role).Concat(user.FindAll("role")).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        user.FindAll(LicenceTypesClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal),
        user.FindFirstValue(AuthorityClaim));

    /// <summary>Whether the caller may issue licences of the type with this key.</summary>
    public bool MayIssue(string typeKey) => Roles.Contains(Auth.Roles.Issuer) && LicenceTypes.Contains(typeKey);

    /// <summary>Whether the caller may act on (read, suspend, reinstate, revoke) a licence of this type issued by this authority:
    /// an admin, or an issuer of the type acting for that authority (least privilege: not every issuer of the type).</summary>
    /// <param name="typeKey">The licence's type.</param>
    /// <param name="licenceAuthority">The credit code of the licence's issuing authority.</param>
    /// <param name="defaultAuthority">The province's own authority, which a token naming none acts for.</param>
    public bool MayManage(string typeKey, string licenceAuthority, string defaultAuthority) =>
        Roles.Contains(Auth.Roles.Admin) || (MayIssue(typeKey) && (Authority ?? defaultAuthority) == licenceAuthority);

    /// <summary>Whether the caller may read a licence: <see cref="MayManage"/>, or its holder.</summary>
    public bool MayRead(string typeKey, string holderIdNumber, string licenceAuthority, string defaultAuthority) =>
        MayManage(typeKey, licenceAuthority, defaultAuthority)
        || (Roles.Contains(Auth.Roles.Citizen) && string.Equals(Subject, holderIdNumber, StringComparison.OrdinalIgnoreCase));
}
