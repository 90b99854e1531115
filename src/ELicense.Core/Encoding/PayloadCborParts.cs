using System.Formats.Cbor;

namespace ELicense.Core.Encoding;

/// <summary>
/// The nested parts of the payload map of <see cref="LicencePayloadCbor"/>, read strictly and
/// written canonically: integer-keyed maps, the field map, the status reference and the licence's
/// own validity. A reader returns why it refused; a malformed item may also throw, which the caller
/// turns into <see cref="PayloadError.PayloadInvalid"/>.
/// </summary>
internal static class PayloadCborParts
{
    private const int MaxFields = 32;
    private const int MaxText = 512;

    /// <summary>
    /// Reads a map whose keys are the integers 1 to <paramref name="maxKey"/>, handing each value to
    /// <paramref name="readValue"/>. A repeated key is a duplicate; an unknown one makes the payload invalid.
    /// </summary>
    public static PayloadError ReadIntKeyedMap(CborReader reader, int maxKey, Func<int, PayloadError> readValue)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            return PayloadError.PayloadInvalid;
        }

        var count = reader.ReadStartMap();
        if (count is null)
        {
            return PayloadError.CborNotCanonical;
        }

        var seen = 0u;
        for (var i = 0; i < count; i++)
        {
            if (reader.PeekState() != CborReaderState.UnsignedInteger)
            {
                return PayloadError.PayloadInvalid;
            }

            var key = reader.ReadUInt64();
            if (key < 1 || key > (ulong)maxKey)
            {
                return PayloadError.PayloadInvalid;
            }

            var bit = 1u << (int)key;
            if ((seen & bit) != 0)
            {
                return PayloadError.CborDuplicateKey;
            }

            seen |= bit;
            var error = readValue((int)key);
            if (error != PayloadError.None)
            {
                return error;
            }
        }

        reader.ReadEndMap();
        return PayloadError.None;
    }

    public static PayloadError ReadFields(CborReader reader, out Dictionary<string, string>? fields)
    {
        fields = null;
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            return PayloadError.PayloadInvalid;
        }

        var count = reader.ReadStartMap();
        if (count is null or > MaxFields)
        {
            return count is null ? PayloadError.CborNotCanonical : PayloadError.PayloadInvalid;
        }

        var result = new Dictionary<string, string>(count.Value, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (!result.TryAdd(ReadText(reader), ReadText(reader)))
            {
                return PayloadError.CborDuplicateKey;
            }
        }

        reader.ReadEndMap();
        fields = result;
        return PayloadError.None;
    }

    public static PayloadError ReadTriple(CborReader reader, out string[]? values)
    {
        var triple = new string[3];
        var read = 0;
        var error = ReadIntKeyedMap(reader, 3, key =>
        {
            triple[key - 1] = ReadText(reader);
            read++;
            return PayloadError.None;
        });
        values = error == PayloadError.None && read == 3 ? triple : null;
        return error != PayloadError.None ? error : read == 3 ? PayloadError.None : PayloadError.PayloadInvalid;
    }

    public static PayloadError ReadStatus(CborReader reader, out StatusReference? status)
    {
        string? list = null;
        long? index = null;
        var error = ReadIntKeyedMap(reader, 2, key =>
        {
            if (key == 1)
            {
                list = ReadText(reader);
            }
            else
            {
                index = reader.ReadInt64();
            }

            return PayloadError.None;
        });
        status = error == PayloadError.None && list is not null && index is >= 0 ? new StatusReference(list, index.Value) : null;
        return error != PayloadError.None ? error : status is null ? PayloadError.PayloadInvalid : PayloadError.None;
    }

    /// <summary>
    /// Key 11: <c>[valid-from]</c> for a permanent licence, <c>[valid-from, valid-until]</c> otherwise
    /// (seconds since the epoch, as keys 8 and 9). "Permanent" is an absent element, as it is an absent
    /// key 9, so there is one encoding of each validity; a null, a third element or an indefinite length is refused.
    /// </summary>
    public static PayloadError ReadValidity(CborReader reader, out LicenceValidity? validity)
    {
        validity = null;
        if (reader.PeekState() != CborReaderState.StartArray)
        {
            return PayloadError.PayloadInvalid;
        }

        var count = reader.ReadStartArray();
        if (count is null or < 1 or > 2)
        {
            return count is null ? PayloadError.CborNotCanonical : PayloadError.PayloadInvalid;
        }

        var from = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
        DateTimeOffset? until = count == 2 ? DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64()) : null;
        reader.ReadEndArray();
        validity = new LicenceValidity(from, until);
        return PayloadError.None;
    }

    public static void WriteValidity(CborWriter writer, LicenceValidity validity)
    {
        writer.WriteStartArray(validity.Until is null ? 1 : 2);
        writer.WriteInt64(validity.From.ToUnixTimeSeconds());
        if (validity.Until is { } until)
        {
            writer.WriteInt64(until.ToUnixTimeSeconds());
        }

        writer.WriteEndArray();
    }

    public static void WriteTriple(CborWriter writer, string a, string b, string c)
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

    public static string ReadText(CborReader reader)
    {
        var text = reader.ReadTextString();
        return text.Length <= MaxText ? text : throw new FormatException("Text too long.");
    }
}
