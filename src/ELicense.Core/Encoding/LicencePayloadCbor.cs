using System.Formats.Cbor;
using ELicense.Core.Licenses;
using ELicense.Core.Status;

namespace ELicense.Core.Encoding;

/// <summary>
/// The CBOR form of <see cref="LicencePayload"/>: a map with small integer keys, so the QR stays
/// small, and text keys only for the type-specific fields.
/// <code>
/// { 1: version, 2: identifier, 3: type code,
///   4: { 1: region code, 2: authority name, 3: authority code },
///   5: { 1: name, 2: id type, 3: id number },
///   6: { field key: text, ... },
///   7: issued-at, 8: valid-from, 9: valid-until (absent = permanent)   (seconds since the epoch)
///   10: { 1: status list, 2: index } }
/// </code>
/// Encoding is canonical (RFC 7049 §3.9: shortest integers, definite lengths, keys sorted by
/// length then bytes); decoding accepts only that encoding, byte for byte.
/// </summary>
public static class LicencePayloadCbor
{
    private const int MaxFields = 32;
    private const int MaxText = 512;

    /// <summary>Encodes a payload.</summary>
    public static byte[] Encode(LicencePayload payload)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical, initialCapacity: 512);
        var count = payload.ValidUntil is null ? 9 : 10;
        writer.WriteStartMap(count);
        writer.WriteInt32(1);
        writer.WriteInt32(LicencePayload.FormatVersion);
        writer.WriteInt32(2);
        writer.WriteTextString(payload.Identifier);
        writer.WriteInt32(3);
        writer.WriteTextString(payload.TypeCode);
        writer.WriteInt32(4);
        WriteTriple(writer, payload.Issuer.RegionCode, payload.Issuer.AuthorityName, payload.Issuer.AuthorityCode);
        writer.WriteInt32(5);
        WriteTriple(writer, payload.Holder.Name, payload.Holder.IdType, payload.Holder.IdNumber);
        writer.WriteInt32(6);
        writer.WriteStartMap(payload.Fields.Count);
        foreach (var (key, value) in payload.Fields)
        {
            writer.WriteTextString(key);
            writer.WriteTextString(value);
        }

        writer.WriteEndMap();
        writer.WriteInt32(7);
        writer.WriteInt64(payload.IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(8);
        writer.WriteInt64(payload.ValidFrom.ToUnixTimeSeconds());
        if (payload.ValidUntil is { } until)
        {
            writer.WriteInt32(9);
            writer.WriteInt64(until.ToUnixTimeSeconds());
        }

        writer.WriteInt32(10);
        writer.WriteStartMap(2);
        writer.WriteInt32(1);
        writer.WriteTextString(payload.Status.List);
        writer.WriteInt32(2);
        writer.WriteInt64(payload.Status.Index);
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes a payload strictly; never throws for bad input.</summary>
    public static bool TryDecode(byte[] data, PayloadKind kind, out LicencePayload? payload, out PayloadError error)
    {
        payload = null;
        try
        {
            var reader = new CborReader(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
            var map = ReadIntKeyedMap(reader, 10, out error);
            if (map is null)
            {
                return false;
            }

            if (reader.BytesRemaining != 0 || map.Keys.Any(k => k is < 1 or > 10))
            {
                error = PayloadError.PayloadInvalid;
                return false;
            }

            if (Get(map, 1) is not CborReader v1 || v1.ReadInt32() != LicencePayload.FormatVersion)
            {
                error = PayloadError.VersionUnsupported;
                return false;
            }

            error = PayloadError.PayloadInvalid;
            var issuer = ReadTriple(Get(map, 4), out var e1);
            var holder = ReadTriple(Get(map, 5), out var e2);
            var status = ReadIntKeyedMap(Get(map, 10), 2, out var e3);
            var fields = ReadFields(Get(map, 6), out var e4);
            foreach (var e in (ReadOnlySpan<PayloadError>)[e1, e2, e3, e4])
            {
                if (e != PayloadError.None)
                {
                    error = e;
                    return false;
                }
            }

            if (issuer is null || holder is null || status is null || fields is null || Get(map, 2) is null || Get(map, 3) is null
                || Get(map, 7) is null || Get(map, 8) is null || Get(status, 1) is null || Get(status, 2) is null)
            {
                return false;
            }

            var until = Get(map, 9) is { } u ? ReadTime(u) : (DateTimeOffset?)null;
            if (kind == PayloadKind.Presentation && until is null)
            {
                return false;
            }

            var index = Get(status, 2)!.ReadInt64();
            var decoded = new LicencePayload(
                kind,
                ReadText(Get(map, 2)!),
                ReadText(Get(map, 3)!),
                new Issuer(issuer[0], issuer[1], issuer[2]),
                new Holder(holder[0], holder[1], holder[2]),
                fields,
                ReadTime(Get(map, 7)!),
                ReadTime(Get(map, 8)!),
                until,
                new StatusReference(ReadText(Get(status, 1)!), index));
            if (index < 0 || !Encode(decoded).AsSpan().SequenceEqual(data))
            {
                error = index < 0 ? PayloadError.PayloadInvalid : PayloadError.CborNotCanonical;
                return false;
            }

            payload = decoded;
            error = PayloadError.None;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            error = PayloadError.PayloadInvalid;
            return false;
        }
    }

    /// <summary>Reads a map with small integer keys into one sub-reader per value, refusing duplicates.</summary>
    private static Dictionary<int, ReadOnlyMemory<byte>>? ReadIntKeyedMap(CborReader? reader, int maxEntries, out PayloadError error)
    {
        error = PayloadError.PayloadInvalid;
        if (reader is null || reader.PeekState() != CborReaderState.StartMap)
        {
            return null;
        }

        // Read up to a hard cap first, so a repeated key is reported as such rather than as one entry too many.
        var count = reader.ReadStartMap();
        if (count is null || count > MaxFields)
        {
            error = count is null ? PayloadError.CborNotCanonical : PayloadError.PayloadInvalid;
            return null;
        }

        var map = new Dictionary<int, ReadOnlyMemory<byte>>();
        for (var i = 0; i < count; i++)
        {
            if (reader.PeekState() != CborReaderState.UnsignedInteger)
            {
                return null;
            }

            var key = reader.ReadInt32();
            var value = reader.ReadEncodedValue();
            if (!map.TryAdd(key, value))
            {
                error = PayloadError.CborDuplicateKey;
                return null;
            }
        }

        reader.ReadEndMap();
        error = map.Count <= maxEntries ? PayloadError.None : PayloadError.PayloadInvalid;
        return error == PayloadError.None ? map : null;
    }

    private static Dictionary<string, string>? ReadFields(CborReader? reader, out PayloadError error)
    {
        error = PayloadError.PayloadInvalid;
        if (reader is null || reader.PeekState() != CborReaderState.StartMap)
        {
            return null;
        }

        var count = reader.ReadStartMap();
        if (count is null or > MaxFields)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(count.Value, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadText(reader);
            if (!fields.TryAdd(key, ReadText(reader)))
            {
                error = PayloadError.CborDuplicateKey;
                return null;
            }
        }

        reader.ReadEndMap();
        error = PayloadError.None;
        return fields;
    }

    private static string[]? ReadTriple(CborReader? reader, out PayloadError error)
    {
        var map = ReadIntKeyedMap(reader, 3, out error);
        if (map is null)
        {
            return null;
        }

        if (map.Count != 3 || Get(map, 1) is not { } a || Get(map, 2) is not { } b || Get(map, 3) is not { } c)
        {
            error = PayloadError.PayloadInvalid;
            return null;
        }

        return [ReadText(a), ReadText(b), ReadText(c)];
    }

    private static void WriteTriple(CborWriter writer, string a, string b, string c)
    {
        writer.WriteStartMap(3);
        writer.WriteInt32(1);
        writer.WriteTextString(a);
        writer.WriteInt32(2);
        writer.WriteTextString(b);
        writer.WriteInt32(3);
        writer.WriteTextString(c);
        writer.WriteEndMap();
    }

    private static CborReader? Get(Dictionary<int, ReadOnlyMemory<byte>> map, int key)
        => map.TryGetValue(key, out var value) ? new CborReader(value, CborConformanceMode.Lax) : null;

    private static string ReadText(CborReader reader)
    {
        var text = reader.ReadTextString();
        return text.Length <= MaxText ? text : throw new FormatException("Text too long.");
    }

    private static DateTimeOffset ReadTime(CborReader reader) => DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
}
