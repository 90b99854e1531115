using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.DevPki;
using ELicense.LicenseService.Auth;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>Bearer tokens as the development identity provider signs them, and some it would never sign.</summary>
public static class Tokens
{
    private const string Issuer = "elicense-dev-identity";
    private const string Audience = "elicense-license-service";

    private static readonly Lazy<(string Certificate, string Key)> DevKey = new(() => (
        File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, DevPkiFiles.TokenIssuerCertificate)),
        File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, DevPkiFiles.TokenIssuerKey))));

    /// <summary>An issuer token for the given licence-type keys.</summary>
    public static string IssuerOf(params string[] types) => Create(IssuerClaims(types));

    /// <summary>An issuer token acting for an issuing authority (claim <c>authority</c>) for the given licence-type keys.</summary>
    public static string IssuerFor(string authority, params string[] types)
    {
        var claims = IssuerClaims(types);
        claims["sub"] = "dept-" + authority;
        claims[ELicense.LicenseService.Auth.Caller.AuthorityClaim] = authority;
        return Create(claims);
    }

    public static string Admin() => Create(new Dictionary<string, object> { ["sub"] = "admin-test", ["role"] = new[] { Roles.Admin } });

    public static string Citizen(string idNumber) => Create(new Dictionary<string, object> { ["sub"] = idNumber, ["role"] = new[] { Roles.Citizen } });

    /// <summary>A citizen token that carries further roles too.</summary>
    public static string CitizenWithRoles(string idNumber, params string[] more)
        => Create(new Dictionary<string, object> { ["sub"] = idNumber, ["role"] = (string[])[Roles.Citizen, .. more] });

    /// <summary>A token that expired an hour ago.</summary>
    public static string Expired(params string[] types) => Create(IssuerClaims(types), now: DateTimeOffset.UtcNow.AddHours(-2));

    /// <summary>A well-formed issuer token signed by a key the service does not trust.</summary>
    public static string ForeignlySigned(params string[] types)
    {
        var member = PkiGenerator.GenerateTokenIssuer(DateTimeOffset.UtcNow);
        var keyPem = KeyPem.WriteEncryptedPrivateKey(member.Key, "x", iterations: 1_000);
        return DevTokens.Create(KeyPem.WriteCertificate(member.Certificate), keyPem, "x", Issuer, Audience, IssuerClaims(types), TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
    }

    private static Dictionary<string, object> IssuerClaims(string[] types) => new()
    {
        ["sub"] = "dept-test", ["role"] = new[] { Roles.Issuer }, [ELicense.LicenseService.Auth.Caller.LicenceTypesClaim] = types,
    };

    private static string Create(Dictionary<string, object> claims, DateTimeOffset? now = null) =>
        DevTokens.Create(DevKey.Value.Certificate, DevKey.Value.Key, DevPkiFiles.Password, Issuer, Audience, claims, TimeSpan.FromHours(1), now ?? DateTimeOffset.UtcNow);
}
