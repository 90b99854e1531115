using System.Text;
using ELicense.Core.Keys;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// A Redis hash of JSON values each behind a seal under the KEK (never in the store) bound to the region, the purpose and
/// the field: a value planted by whoever can write the store, or copied from another province's or another field's, carries
/// no valid seal and is ignored. Append-only: a field is written once (HSETNX). Used for the catalogue and the authorities.
/// </summary>
public sealed class SealedHash(IDatabase database, RedisKey key, string region, string purpose, KeyProtector protector)
{
    /// <summary>Every value whose seal holds, by field, and how many values were ignored.</summary>
    public async Task<(IReadOnlyList<(string Field, byte[] Json)> Values, int Ignored)> ReadAsync()
    {
        var entries = await database.HashGetAllAsync(key).ConfigureAwait(false);
        var values = new List<(string, byte[])>(entries.Length);
        var ignored = 0;
        foreach (var entry in entries.OrderBy(e => (string)e.Name!, StringComparer.Ordinal))
        {
            if (Unseal(entry.Name!, entry.Value!) is { } json)
            {
                values.Add((entry.Name!, json));
            }
            else
            {
                ignored++;
            }
        }

        return (values, ignored);
    }

    /// <summary>Writes a field if it is not there; otherwise returns the value stored before (null when it does not unseal).</summary>
    public async Task<(bool Written, byte[]? Existing)> AddAsync(string field, byte[] json)
    {
        var value = protector.Seal(purpose, Content(field, json)) + "\n" + Encoding.UTF8.GetString(json);
        if (await database.HashSetAsync(key, field, value, When.NotExists).ConfigureAwait(false))
        {
            return (true, null);
        }

        var stored = await database.HashGetAsync(key, field).ConfigureAwait(false);
        return (false, stored.HasValue ? Unseal(field, stored!) : null);
    }

    private byte[] Content(string field, byte[] json) => [.. Encoding.UTF8.GetBytes(region + "\n" + field + "\n"), .. json];

    private byte[]? Unseal(string field, string value)
    {
        var split = value.IndexOf('\n', StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }

        var json = Encoding.UTF8.GetBytes(value[(split + 1)..]);
        try
        {
            return protector.IsSealed(purpose, Content(field, json), value[..split]) ? json : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
