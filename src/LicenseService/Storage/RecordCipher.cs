using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// How a licence record is held in the store: a compact CBOR form of <see cref="LicenceRecord"/>
/// sealed with SM4-GCM (GB/T 32907) under the province's record data key, which is itself wrapped
/// under the KEK (<see cref="StoreSecrets"/>). The associated data is the record's identifier, so a
/// value copied onto another licence's key does not open, and a changed byte fails the tag.
///
/// Value: <c>0xE5</c> ‖ data-key version (1 byte, 1) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
/// Plaintext: a CBOR array <c>[1, null (the identifier is the key and the associated data), type, qr, requestHash, issuedBy, holderKey, issuedAt (Unix ms),
/// signedBy, supersededBy, supersedes, seal]</c>, where the QR's Base45 text is kept as the bytes it
/// encodes and lower-case hex as the bytes it spells (each rebuilt exactly on reading; a value that
/// would not be is kept as text), and absent values are null.
/// Records written before records were sealed are JSON (first byte <c>{</c>); they are read only
/// while <c>Storage:AcceptPlainRecords</c> is on (whoever can write to the store can write JSON), for
/// the upgrade: turn it on, run <c>store check --repair</c> (which seals them), turn it off.
/// </summary>
public sealed class RecordCipher(ProvinceSecrets secrets, bool acceptPlain = false)
{
    private const byte Marker = 0xE5;
    private const byte KeyVersion = 1;
    private const int FormatVersion = 1;

    /// <summary>The stored value of a record.</summary>
    public byte[] Seal(LicenceRecord record)
    {
        var body = Sm4Gcm.Seal(secrets.Record, Encode(record), Associated(record.Id));
        return [Marker, KeyVersion, .. body];
    }

    /// <summary>Whether a stored value is a sealed record (not a JSON one of an earlier version).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> value) => value.Length > 2 && value[0] == Marker;

    /// <summary>The record stored under identifier <paramref name="id"/>.</summary>
    /// <exception cref="UnreadableRecordException">The value is not a record of this identifier sealed by this province, or is malformed.</exception>
    public LicenceRecord Open(string id, ReadOnlySpan<byte> value)
    {
        LicenceRecord? record;
        if (!IsSealed(value))
        {
            if (!acceptPlain || value.Length == 0 || value[0] != (byte)'{')
            {
                throw new UnreadableRecordException(id, acceptPlain
                    ? "it is neither sealed nor a record of an earlier version"
                    : "it is not sealed (a record of an earlier version is read only with Storage:AcceptPlainRecords, for the upgrade)");
            }

            try
            {
                record = JsonSerializer.Deserialize(value, StoreJsonContext.Default.LicenceRecord);
            }
            catch (JsonException e)
            {
                throw new UnreadableRecordException(id, "it is not a JSON record: " + e.Message);
            }
        }
        else if (value[1] != KeyVersion)
        {
            throw new UnreadableRecordException(id, $"it is sealed under data key {value[1]}, which this version does not know");
        }
        else
        {
            byte[] plain;
            try
            {
                plain = Sm4Gcm.Open(secrets.Record, value[2..], Associated(id));
            }
            catch (CryptographicException)
            {
                throw new UnreadableRecordException(id, "it fails its seal: it was changed or belongs to another licence");
            }

            try
            {
                record = Decode(plain, id);
            }
            catch (InvalidDataException e)
            {
                throw new UnreadableRecordException(id, e.Message);
            }
        }

        return record is not null && record.Id == id ? record : throw new UnreadableRecordException(id, "it is another licence's record");
    }

    private static byte[] Associated(string id) => Encoding.UTF8.GetBytes("elicense licence record " + id);

    private static byte[] Encode(LicenceRecord record)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(12);
        writer.WriteInt32(FormatVersion);
        // The identifier is the key and the associated data already: not stored a third time.
        writer.WriteNull();
        writer.WriteTextString(record.Type);
        if (record.Qr.StartsWith(PayloadKinds.LicencePrefix, StringComparison.Ordinal)
            && Base45.TryDecode(record.Qr.AsSpan(PayloadKinds.LicencePrefix.Length), out var qr)
            && PayloadKinds.LicencePrefix + Base45.Encode(qr) == record.Qr)
        {
            writer.WriteByteString(qr);
        }
        else
        {
            writer.WriteTextString(record.Qr);
        }

        WriteHexOrText(writer, record.RequestHash);
        writer.WriteTextString(record.IssuedBy);
        WriteHexOrText(writer, record.HolderKey);
        writer.WriteInt64(record.IssuedAt.ToUnixTimeMilliseconds());
        WriteHexOrText(writer, record.SignedBy);
        WriteOptional(writer, record.SupersededBy);
        WriteOptional(writer, record.Supersedes);
        WriteOptional(writer, record.Seal);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static LicenceRecord Decode(byte[] plain, string id)
    {
        try
        {
            var reader = new CborReader(plain, CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 12 || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("A licence record has an unknown layout.");
            }

            reader.ReadNull();
            var type = reader.ReadTextString();
            var qr = reader.PeekState() == CborReaderState.ByteString ? PayloadKinds.LicencePrefix + Base45.Encode(reader.ReadByteString()) : reader.ReadTextString();
            var requestHash = ReadHexOrText(reader)!;
            var issuedBy = reader.ReadTextString();
            var holderKey = ReadHexOrText(reader)!;
            var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            var record = new LicenceRecord(id, type, qr, requestHash, issuedBy, holderKey, issuedAt)
            {
                SignedBy = ReadHexOrText(reader),
                SupersededBy = ReadOptional(reader),
                Supersedes = ReadOptional(reader),
                Seal = ReadOptional(reader),
            };
            reader.ReadEndArray();
            return reader.BytesRemaining == 0 ? record : throw new InvalidDataException("A licence record has bytes after its end.");
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException("A licence record is malformed.", e);
        }
    }

    private static void WriteHexOrText(CborWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else if (value.Length > 0 && value.Length % 2 == 0 && value.All(char.IsAsciiHexDigitLower))
        {
            writer.WriteByteString(Convert.FromHexString(value));
        }
        else
        {
            writer.WriteTextString(value);
        }
    }

    private static string? ReadHexOrText(CborReader reader) => reader.PeekState() switch
    {
        CborReaderState.Null => ReadNull(reader),
        CborReaderState.ByteString => Convert.ToHexStringLower(reader.ReadByteString()),
        _ => reader.ReadTextString(),
    };

    private static void WriteOptional(CborWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteTextString(value);
        }
    }

    private static string? ReadOptional(CborReader reader) => reader.PeekState() == CborReaderState.Null ? ReadNull(reader) : reader.ReadTextString();

    private static string? ReadNull(CborReader reader)
    {
        reader.ReadNull();
        return null;
    }
}

/// <summary>A stored value that is not a readable record of its licence: changed, moved, planted or damaged. Nothing is signed from it.</summary>
public sealed class UnreadableRecordException(string id, string why)
    : Exception($"The stored record of {(id.Length <= 120 ? id : id[..120])} is unreadable: {why}.")
{
    public string Id { get; } = id.Length <= 120 ? id : id[..120];
}
