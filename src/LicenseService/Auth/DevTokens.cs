using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ELicense.Core.Crypto;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ELicense.LicenseService.Auth;

/// <summary>
/// Development bearer tokens, signed (PS256) with the development token issuer's key in
/// <c>certs/dev/</c>. Production tokens come from the province's identity provider; this key is
/// trusted only where <c>Auth:SigningCertificates</c> names its certificate.
/// </summary>
public static class DevTokens
{
    /// <summary>Creates a token.</summary>
    /// <param name="certificatePem">The token issuer's certificate (PEM).</param>
    /// <param name="keyPem">Its encrypted private key (PEM).</param>
    /// <param name="password">The key's password.</param>
    /// <param name="claims">sub, role, licence_types and any other claims.</param>
    public static string Create(string certificatePem, string keyPem, string password, string issuer, string audience,
        IDictionary<string, object> claims, TimeSpan lifetime, DateTimeOffset now)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(KeyPem.ReadCertificates(certificatePem)[0]);
        using var rsa = RSA.Create();
        rsa.ImportFromEncryptedPem(keyPem, password);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(rsa) { KeyId = certificate.Thumbprint, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } },
                SecurityAlgorithms.RsaSsaPssSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
