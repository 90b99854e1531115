using ELicense.Hosting;

namespace ELicense.LicenseService.Auth;

/// <summary>The role policies of LicenseService (DESIGN §11) on the shared bearer authentication.</summary>
public static class AuthSetup
{
    /// <summary>Policy: role issuer (the licence type is checked per request).</summary>
    public const string IssuerPolicy = "issuer";

    /// <summary>Policy: any of issuer, admin, citizen (what each may read is checked per licence).</summary>
    public const string ReaderPolicy = "reader";

    /// <summary>Policy: role admin (keys).</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Policy: role citizen (the wallet; the token's subject is her identity number).</summary>
    public const string CitizenPolicy = "citizen";

    public static IServiceCollection AddLicenceAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment) =>
        services.AddBearerAuth(configuration, environment, policies => policies
            .AddPolicy(IssuerPolicy, policy => policy.RequireRole(Roles.Issuer))
            .AddPolicy(ReaderPolicy, policy => policy.RequireRole(Roles.All))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(CitizenPolicy, policy => policy.RequireRole(Roles.Citizen)));
}
