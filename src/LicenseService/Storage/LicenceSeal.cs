using System.Globalization;
using System.Security.Cryptography;
using ELicense.Core.Keys;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The proof that this service wrote a licence record: a seal under the KEK (never in the store)
/// over the record's identifier, type, holder key, signing time, signer, predecessor and QR. After a
/// key compromise the key's own signature proves nothing — the thief holds the key — so the re-issue
/// job re-signs only sealed records: one planted in the store with a stolen key is refused.
/// </summary>
public sealed class LicenceSeal(KeyProtector protector)
{
    private const string Purpose = "licence record";

    /// <summary>The record with its seal.</summary>
    public LicenceRecord Sealed(LicenceRecord record) => record with { Seal = protector.Seal(Purpose, Content(record)) };

    /// <summary>Whether the record carries a seal this service made over exactly its content.</summary>
    public bool Holds(LicenceRecord record)
    {
        try
        {
            return protector.IsSealed(Purpose, Content(record), record.Seal);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Sealed under a KEK not held here: not provably this service's record, so not re-signed.
            return false;
        }
    }

    private static byte[] Content(LicenceRecord record) => System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
        record.Id, record.Type, record.HolderKey, record.IssuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        record.SignedBy ?? "", record.Supersedes ?? "", Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(record.Qr)))));
}
