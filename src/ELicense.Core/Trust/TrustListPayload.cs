using System.Formats.Cbor;

namespace ELicense.Core.Trust;

/// <summary>Reads the payload of a trust list (the CBOR map documented on <see cref="TrustListCodec"/>), strictly: every
/// field in its place, each entry with at most the one date its state allows.</summary>
internal static class TrustListPayload
{
    /// <summary>Reads the canonical CBOR map; null when its fields are inconsistent.</summary>
    /// <exception cref="CborContentException">Malformed or non-canonical CBOR.</exception>
    /// <exception cref="FormatException">A field is missing, unknown or out of place.</exception>
    public static TrustList? Read(CborReader reader)
    {
        if (reader.ReadStartMap() != 7)
        {
            return null;
        }

        Expect(reader, 1);
        var region = reader.ReadTextString();
        Expect(reader, 2);
        var authority = reader.ReadTextString();
        Expect(reader, 3);
        var sequence = reader.ReadInt64();
        Expect(reader, 4);
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
        Expect(reader, 5);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
        Expect(reader, 6);
        var chainLength = reader.ReadStartArray();
        if (chainLength is null or < 2 or > TrustListCodec.MaxChain)
        {
            return null;
        }

        var chain = new List<byte[]>();
        for (var i = 0; i < chainLength; i++)
        {
            chain.Add(reader.ReadByteString());
        }

        reader.ReadEndArray();
        Expect(reader, 7);
        var count = reader.ReadStartArray();
        if (count is null or > TrustListCodec.MaxEntries)
        {
            return null;
        }

        var entries = new List<TrustListEntry>();
        for (var i = 0; i < count; i++)
        {
            entries.Add(ReadEntry(reader));
        }

        reader.ReadEndArray();
        reader.ReadEndMap();
        return reader.BytesRemaining != 0 || !Identifiers.RegionCode.IsProvince(region) || authority.Length is 0 or > 200 || sequence < 0 || expiresAt <= issuedAt
            ? null
            : new TrustList(region, authority, sequence, issuedAt, expiresAt, chain, entries);
    }

    private static TrustListEntry ReadEntry(CborReader reader)
    {
        var fields = reader.ReadStartMap();
        if (fields is not (3 or 4))
        {
            throw new FormatException("An entry has 3 or 4 fields.");
        }

        Expect(reader, 1);
        var certificate = reader.ReadByteString();
        Expect(reader, 2);
        var state = (SignerState)reader.ReadInt32();
        if (!Enum.IsDefined(state))
        {
            throw new FormatException("Unknown signer state.");
        }

        Expect(reader, 3);
        if (reader.ReadStartArray() != 2)
        {
            throw new FormatException("A validity is [notBefore, notAfter].");
        }

        var validity = new ValidityWindow(DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64()), DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64()));
        reader.ReadEndArray();
        DateTimeOffset? compromisedAt = null;
        DateTimeOffset? activateAt = null;
        DateTimeOffset? retiredAt = null;
        if (fields == 4)
        {
            // An entry has at most the one date its state allows: 4 (revoked), 5 (pending), 6 (retired).
            switch (reader.ReadInt32())
            {
                case 4 when state == SignerState.Revoked:
                    compromisedAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
                    break;
                case 5 when state == SignerState.Pending:
                    activateAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
                    break;
                case 6 when state == SignerState.Retired:
                    retiredAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
                    break;
                default:
                    throw new FormatException("Only a revoked key has a compromise time, a pending key an activation time and a retired key a retirement time.");
            }
        }

        reader.ReadEndMap();
        return new TrustListEntry(certificate, state, validity, compromisedAt, activateAt, retiredAt);
    }

    private static void Expect(CborReader reader, int key)
    {
        if (reader.ReadInt32() != key)
        {
            throw new FormatException($"Field {key} expected.");
        }
    }
}
