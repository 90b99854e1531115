using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ELicense.Core.Crypto;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ELicense.Hosting;

/// <summary>
/// JWT bearer authentication as both services use it (DESIGN §11): issuer, audience and signing
/// certificates from <see cref="AuthOptions"/>, lifetime required, roles in the <c>role</c> claim,
/// subject in <c>sub</c>; 401 and 403 answered as Problem Details in English and Chinese; a token
/// that validated is reused for a short time (<see cref="CachingTokenHandler"/>). Outside Development the
/// development token issuer is refused at start-up (<see cref="AuthOptionsValidator"/>); section
/// <c>Management</c> (<see cref="ManagementOptions"/>) is bound here for the operations endpoints.
/// </summary>
public static class BearerAuth
{
    /// <param name="services">The services.</param>
    /// <param name="configuration">Where section <c>Auth</c> is.</param>
    /// <param name="environment">Resolves relative certificate paths.</param>
    /// <param name="policies">The service's role policies.</param>
    /// <exception cref="InvalidOperationException">A signing certificate cannot be read.</exception>
    public static IServiceCollection AddBearerAuth(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, Action<AuthorizationBuilder> policies)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section);
        var keys = options.SigningCertificates.Select(path => SigningKey(ContentPaths.Resolve(environment, path))).ToList();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenHandlers.Clear();
            jwt.TokenHandlers.Add(new CachingTokenHandler(new JsonWebTokenHandler { MapInboundClaims = false }, TimeProvider.System));
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
                    await WriteProblem(context.Response, HttpProblems.Unauthorized(detail));
                },
                OnForbidden = context => WriteProblem(context.Response, HttpProblems.Forbidden([])),
            };
        });

        policies(services.AddAuthorizationBuilder());
        return services;
    }

    private static async Task WriteProblem(HttpResponse response, ProblemDetails problem)
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
