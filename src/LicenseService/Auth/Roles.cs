namespace ELicense.LicenseService.Auth;

/// <summary>The roles of DESIGN §11 that LicenseService knows.</summary>
public static class Roles
{
    /// <summary>A department system that issues licences of the types in its <c>licence_types</c> claim.</summary>
    public const string Issuer = "issuer";

    /// <summary>An administrator: keys, revocation, every licence.</summary>
    public const string Admin = "admin";

    /// <summary>A citizen; the token's subject is her identity-document number.</summary>
    public const string Citizen = "citizen";

    public static readonly IReadOnlyList<string> All = [Issuer, Admin, Citizen];
}
