using System.Security.Cryptography;
using System.Text;
using ELicense.Core.Identifiers;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Serials of new identifiers. Without an idempotency key, a random one; with one, a serial
/// derived from the caller and the key (HMAC under a store secret), so that a retried request
/// arrives at the same identifier and its single SET NX decides whether it was issued before —
/// no second key to keep consistent with the record.
/// </summary>
public sealed class SerialFactory(ProvinceSecrets secrets)
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Length of a derived serial: 20 characters of 36 carry about 103 bits.</summary>
    public const int DerivedLength = 20;

    public string For(string callerSubject, string? idempotencyKey, DateTimeOffset issuedAt)
    {
        if (idempotencyKey is null)
        {
            return LicenceIdentifier.NewSerial(issuedAt);
        }

        var mac = HMACSHA256.HashData(secrets.Idempotency, Encoding.UTF8.GetBytes(callerSubject + "\n" + idempotencyKey));
        var serial = new char[DerivedLength];
        for (var i = 0; i < DerivedLength; i++)
        {
            serial[i] = Alphabet[mac[i] % Alphabet.Length];
        }

        return new string(serial);
    }
}
