using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.LicenseService.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ELicense.LicenseService.Auth;

/// <summary>JWT bearer authentication and the role policies (DESIGN §11).</summary>
public static class AuthSetup
{
    /// <summary>Policy: role issuer (the licence type is checked per request).</summary>
    public const string IssuerPolicy = "issuer";

    /// <summary>Policy: any of issuer, admin, citizen (what each may read is checked per licence).</summary>
    public const string ReaderPolicy = "reader";

    /// <summary>Policy: role admin (keys).</summary>
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddLicenceAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var keys = options.SigningCertificates.Select(path => SigningKey(ContentPaths.Resolve(environment, path))).ToList();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKeys = keys,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = options.ClockSkew,
                NameClaimType = "sub",
                RoleClaimType = "role",
            };
            jwt.Events = new JwtBearerEvents
            {
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var detail = context.AuthenticateFailure switch
                    {
                        null => "No bearer token was sent.",
                        SecurityTokenExpiredException => "The token has expired.",
                        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not from a trusted issuer.",
                        _ => "The token is not valid: " + context.AuthenticateFailure.GetType().Name,
                    };
                    await WriteProblem(context.Response, Problems.Problems.Unauthorized(detail));
                },
                OnForbidden = context => WriteProblem(context.Response, Problems.Problems.Forbidden([])),
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(IssuerPolicy, policy => policy.RequireRole(Roles.Issuer))
            .AddPolicy(ReaderPolicy, policy => policy.RequireRole(Roles.All))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        return services;
    }

    private static async Task WriteProblem(HttpResponse response, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        response.StatusCode = problem.Status ?? StatusCodes.Status401Unauthorized;
        response.ContentType = "application/problem+json";
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        await JsonSerializer.SerializeAsync(response.Body, problem, ApiJson.Options);
    }

    private static SecurityKey SigningKey(string path)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(KeyPem.ReadCertificates(File.ReadAllText(path))[0]);
            return certificate.GetRSAPublicKey() is { } rsa
                ? new RsaSecurityKey(rsa) { KeyId = certificate.Thumbprint }
                : certificate.GetECDsaPublicKey() is { } ec
                    ? new ECDsaSecurityKey(ec) { KeyId = certificate.Thumbprint }
                    : throw new InvalidOperationException($"Auth:SigningCertificates '{path}' holds neither an RSA nor an EC key.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or IndexOutOfRangeException)
        {
            throw new InvalidOperationException($"Auth:SigningCertificates '{path}' cannot be read: {e.Message}", e);
        }
    }
}
