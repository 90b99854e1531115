using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using ELicense.Core.Licenses;
using static ELicense.Core.Encoding.PayloadCborParts;

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
///   10: { 1: status list, 2: index },
///   11: [valid-from] or [valid-from, valid-until]   (presentations only: the licence's own validity),
///   12: type version (absent = 1; never written as 1) }
/// </code>
/// Encoding is canonical (RFC 7049 §3.9: shortest integers, definite lengths, keys sorted by
/// length then bytes); decoding accepts only that encoding, byte for byte.
/// </summary>
public static class LicencePayloadCbor
{
    /// <summary>
    /// Encodes a payload as it is: a presentation without valid-until or a licence with a licence
    /// validity is written too, and refused by <see cref="TryDecode"/> (which is how tests forge them).
    /// </summary>
    public static byte[] Encode(LicencePayload payload)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical, initialCapacity: 512);
        var count = 9 + (payload.ValidUntil is null ? 0 : 1) + (payload.LicenceValidity is null ? 0 : 1) + (payload.TypeVersion == 1 ? 0 : 1);
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
        if (payload.LicenceValidity is { } validity)
        {
            writer.WriteInt32(11);
            WriteValidity(writer, validity);
        }

        if (payload.TypeVersion != 1)
        {
            writer.WriteInt32(12);
            writer.WriteInt32(payload.TypeVersion);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>
    /// Decodes a payload strictly; never throws for bad input. The first pass reads in canonical
    /// mode, where the reader itself refuses any non-canonical form; only input it refuses is read
    /// again leniently, to tell a repeated key from another non-canonical form.
    /// </summary>
    public static bool TryDecode(byte[] data, PayloadKind kind, [NotNullWhen(true)] out LicencePayload? payload, out PayloadError error)
    {
        error = Decode(data, kind, CborConformanceMode.Canonical, out payload);
        if (error == PayloadError.CborNotCanonical)
        {
            error = Decode(data, kind, CborConformanceMode.Lax, out payload);
        }

        return error == PayloadError.None;
    }

    private static PayloadError Decode(byte[] data, PayloadKind kind, CborConformanceMode mode, out LicencePayload? payload)
    {
        payload = null;
        PayloadError error;
        try
        {
            var reader = new CborReader(data, mode);
            var version = -1;
            string? identifier = null, typeCode = null;
            string[]? issuer = null, holder = null;
            Dictionary<string, string>? fields = null;
            long? issuedAt = null, validFrom = null, validUntil = null;
            StatusReference? status = null;
            LicenceValidity? licenceValidity = null;
            int? typeVersion = null;
            error = ReadIntKeyedMap(reader, 12, key =>
            {
                switch (key)
                {
                    case 1: version = reader.ReadInt32(); return PayloadError.None;
                    case 2: identifier = ReadText(reader); return PayloadError.None;
                    case 3: typeCode = ReadText(reader); return PayloadError.None;
                    case 4: return ReadTriple(reader, out issuer);
                    case 5: return ReadTriple(reader, out holder);
                    case 6: return ReadFields(reader, out fields);
                    case 7: issuedAt = reader.ReadInt64(); return PayloadError.None;
                    case 8: validFrom = reader.ReadInt64(); return PayloadError.None;
                    case 9: validUntil = reader.ReadInt64(); return PayloadError.None;
                    case 10: return ReadStatus(reader, out status);
                    case 11: return ReadValidity(reader, out licenceValidity);
                    default: typeVersion = reader.ReadInt32(); return PayloadError.None;
                }
            });
            if (error != PayloadError.None)
            {
                return error;
            }

            if (version != LicencePayload.FormatVersion)
            {
                return PayloadError.VersionUnsupported;
            }

            if (reader.BytesRemaining != 0 || identifier is null || typeCode is null || issuer is null || holder is null || fields is null
                || issuedAt is null || validFrom is null || status is null || (kind == PayloadKind.Presentation && validUntil is null)
                || (kind == PayloadKind.Licence && licenceValidity is not null) || typeVersion is < 2 or > 999)
            {
                return PayloadError.PayloadInvalid;
            }

            var decoded = new LicencePayload(
                kind, identifier, typeCode, new Issuer(issuer[0], issuer[1], issuer[2]), new Holder(holder[0], holder[1], holder[2]), fields,
                DateTimeOffset.FromUnixTimeSeconds(issuedAt.Value), DateTimeOffset.FromUnixTimeSeconds(validFrom.Value),
                validUntil is { } until ? DateTimeOffset.FromUnixTimeSeconds(until) : null, status, licenceValidity, typeVersion ?? 1);

            // One accepted encoding per payload: after a lenient read, the input must be exactly what the encoder writes.
            if (mode == CborConformanceMode.Lax && !Encode(decoded).AsSpan().SequenceEqual(data))
            {
                return PayloadError.CborNotCanonical;
            }

            payload = decoded;
            return PayloadError.None;
        }
        catch (CborContentException) when (mode != CborConformanceMode.Lax)
        {
            return PayloadError.CborNotCanonical;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return PayloadError.PayloadInvalid;
        }
    }
}
