using System.Security.Cryptography;
using System.Text;
using ELicense.Core.Identifiers;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>The layout of the holder index (see the class summary): entries that fit Redis's 64-byte listpack limit and name their licence exactly.</summary>
public sealed partial class LicenceStore
{
    /// <summary>
    /// The licences of one holder: the identifiers of its entries in its bucket (and in the holder set of
    /// earlier versions), each only when its record exists and names this holder.
    /// </summary>
    public async Task<IReadOnlyList<LicenceRecord>> ForHolderAsync(string holderKey)
    {
        var bucket = database.HashGetAllAsync(HoldersKey(holderKey));
        var legacy = database.SetMembersAsync(LegacyHolderKey(holderKey));
        var prefix = Convert.FromHexString(holderKey);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in await bucket.ConfigureAwait(false))
        {
            if (IdOf(prefix, entry.Name, entry.Value) is { } id)
            {
                ids.Add(id);
            }
        }

        foreach (var id in await legacy.ConfigureAwait(false))
        {
            ids.Add(id!);
        }

        var records = new List<LicenceRecord>(ids.Count);
        foreach (var id in ids)
        {
            try
            {
                if (await FindAsync(id).ConfigureAwait(false) is { } record && record.HolderKey == holderKey)
                {
                    records.Add(record);
                }
            }
            catch (UnreadableRecordException)
            {
                // One damaged or planted record does not hide the holder's others; asked for by itself it answers 409 and is logged.
            }
        }

        return records;
    }

    /// <summary>A holder-index entry: holder key bytes ‖ serial.version → type.authority (see the class summary); public for the memory measurements of bench/.</summary>
    public static (RedisValue Field, RedisValue Value) HolderEntry(string holderKey, string id)
    {
        var key = Convert.FromHexString(holderKey);
        if (LicenceIdentifier.TryParse(id, out var identifier, out _))
        {
            // The 4 bytes of the identifier's hash keep apart two licences of one holder with one serial (one idempotency key used for two types).
            return ((byte[])[.. key, .. Encoding.ASCII.GetBytes(identifier.Serial + "." + identifier.Version), .. IdHash(id)],
                identifier.TypeCode + "." + identifier.AuthorityCode);
        }

        // Not a GB/T 36904 identifier (never written by this version): kept whole.
        return ((byte[])[.. key, (byte)'#', .. SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 8)], id);
    }

    /// <summary>The identifier of a holder-index entry of the holder whose key bytes are <paramref name="holder"/>; null for another holder's.</summary>
    private static string? IdOf(byte[] holder, RedisValue field, RedisValue value)
    {
        var name = (byte[])field!;
        if (name.Length <= holder.Length || !name.AsSpan(0, holder.Length).SequenceEqual(holder))
        {
            return null;
        }

        var rest = name.AsSpan(holder.Length);
        if (rest[0] == (byte)'#')
        {
            return value;
        }

        if (rest.Length <= 4)
        {
            return null;
        }

        var serialVersion = Encoding.ASCII.GetString(rest[..^4]).Split('.');
        var typeAuthority = ((string)value!).Split('.');
        if (serialVersion.Length != 2 || typeAuthority.Length != 2)
        {
            return null;
        }

        var id = LicenceIdentifier.Prefix + $"{typeAuthority[0]}.{typeAuthority[1]}.{serialVersion[0]}.{serialVersion[1]}."
                 + Iso7064Mod3736.Compute(typeAuthority[0] + typeAuthority[1] + serialVersion[0] + serialVersion[1]);
        return LicenceIdentifier.TryParse(id, out _, out _) && rest[^4..].SequenceEqual(IdHash(id)) ? id : null;
    }

    private static byte[] IdHash(string id) => SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 4).ToArray();
}
