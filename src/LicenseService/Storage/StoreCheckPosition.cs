using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Where a <see cref="StoreCheck"/> stood after its last whole page, and what it had counted: the masters it finished
/// (by address), the master it was reading and the SCAN cursor to go on from there. Handed out with every report as an
/// opaque text (<see cref="Encode"/>) and taken back by a rerun (<c>from=</c>) to go on instead of starting over.
/// The text comes back from outside, so it carries an HMAC-SHA256 under a key derived from the province's secrets:
/// one not made by this province's service, or changed, is refused before anything is read.
/// A cursor is good only for the process and slots it was drawn on, so the position carries a digest of every
/// master's address, process and slots (<see cref="StoreConnection.ScanTopologyAsync"/>): after a failover, a reshard
/// or a restart the position is refused as stale and the check starts over.
/// </summary>
public sealed record StoreCheckPosition(
    bool Repair, string Topology, IReadOnlyList<string> Finished, string? At, ulong Cursor,
    long Scanned, long Orphans, long Plain, long Unreadable, long Repaired)
{
    private const string Version = "1";
    private static readonly byte[] Purpose = "elicense store-check position"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The longest text accepted: a position names a few masters, never kilobytes.</summary>
    public const int MaxLength = 4_096;

    public static StoreCheckPosition Start(bool repair, string topology) => new(repair, topology, [], null, 0, 0, 0, 0, 0, 0);

    public string Encode(ProvinceSecrets secrets)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(this, Json);
        return Version + "." + WebEncoders.Base64UrlEncode(body) + "." + WebEncoders.Base64UrlEncode(Mac(secrets, body));
    }

    /// <summary>Reads a position this service handed out; false (and a reason) for anything else.</summary>
    public static bool TryDecode(string text, ProvinceSecrets secrets, [NotNullWhen(true)] out StoreCheckPosition? position, [NotNullWhen(false)] out string? reason)
    {
        position = null;
        reason = "it is not a position this service handed out (changed, cut short, or of another store)";
        var parts = text.Length <= MaxLength ? text.Split('.') : [];
        if (parts.Length != 3 || parts[0] != Version)
        {
            return false;
        }

        try
        {
            var body = WebEncoders.Base64UrlDecode(parts[1]);
            if (!CryptographicOperations.FixedTimeEquals(Mac(secrets, body), WebEncoders.Base64UrlDecode(parts[2])))
            {
                return false;
            }

            position = JsonSerializer.Deserialize<StoreCheckPosition>(body, Json);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }

        if (position is null || position.Finished is null || position.Topology is null)
        {
            position = null;
            return false;
        }

        reason = null;
        return true;
    }

    private static byte[] Mac(ProvinceSecrets secrets, byte[] body) =>
        HMACSHA256.HashData(HKDF.DeriveKey(HashAlgorithmName.SHA256, secrets.Idempotency, 32, info: Purpose), body);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Scanned} scanned; finished {string.Join(", ", Finished)}; at {At ?? "-"} cursor {Cursor}") + (Repair ? " (repair)" : "");
}
