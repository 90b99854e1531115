using System.Security.Cryptography;
using System.Text;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Pseudonymous keys for holders: an HMAC of the identity-document type and number under a secret
/// of the store, so that no store key or index carries an ID number in clear.
/// </summary>
public sealed class HolderKeys(ProvinceSecrets secrets)
{
    public string For(string idType, string idNumber) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secrets.Holder, Encoding.UTF8.GetBytes(idType + "\n" + idNumber.ToUpperInvariant())).AsSpan(0, 16));
}
