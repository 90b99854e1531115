using System.Text.Json;
using ELicense.Core.Keys;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Seals key records under the KEK, so that whoever can write to the store cannot change a key's
/// state, dates or certificate — un-revoke a stolen key, plant an outside certificate — and have the
/// service publish it in its signed trust list. The seal covers the whole record but itself.
/// </summary>
public sealed class KeyRecordSeal(KeyProtector protector, bool acceptUnsealed)
{
    private const string Purpose = "key record";

    /// <summary>The record with a fresh seal (under the current KEK).</summary>
    public StoredKey Sealed(StoredKey key) => key with { Seal = protector.Seal(Purpose, Content(key)) };

    /// <summary>Whether the record is as this service wrote it; an unsealed one only while upgrading an older store.</summary>
    public bool Holds(StoredKey key) => key.Seal is null ? acceptUnsealed : protector.IsSealed(Purpose, Content(key), key.Seal);

    private static byte[] Content(StoredKey key) => JsonSerializer.SerializeToUtf8Bytes(key with { Seal = null }, StoreJsonContext.Default.StoredKey);
}
