// Over 250 lines: the one strict COSE_Sign1 reader and writer (RFC 9052 §4.2), whose canonical-form and header rules read best in one place.
using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;

namespace ELicense.Core.Encoding;

/// <summary>
/// A COSE_Sign1 message (RFC 9052 §4.2) as ELicense uses it: a protected header holding exactly
/// alg (1), an 8-byte kid (4) and either an integer content type (3, licences and presentations)
/// or a typ (16, RFC 9596; status list tokens); an empty unprotected header; an attached payload;
/// and the signature over <c>Sig_structure = ["Signature1", protected, h'', payload]</c>.
/// </summary>
public sealed class CoseSign1
{
    public const int Tag = 18;
    public const int KidLength = 8;
    private const int HeaderAlg = 1;
    private const int HeaderContentType = 3;
    private const int HeaderKid = 4;
    private const int HeaderType = 16;
    private const int MaxTypeLength = 64;

    private CoseSign1(int algorithm, int? contentType, string? type, byte[] kid, byte[] protectedHeader, byte[] payload, byte[] signature)
    {
        Algorithm = algorithm;
        ContentType = contentType;
        Type = type;
        Kid = kid;
        ProtectedHeader = protectedHeader;
        Payload = payload;
        Signature = signature;
    }

    public int Algorithm { get; }
    /// <summary>The integer content type (header 3), or null when the message carries a typ instead.</summary>
    public int? ContentType { get; }

    /// <summary>The typ (header 16), or null when the message carries a content type instead.</summary>
    public string? Type { get; }
    public byte[] Kid { get; }
    public byte[] ProtectedHeader { get; }
    public byte[] Payload { get; }
    public byte[] Signature { get; }

    /// <summary>The bytes the signature covers.</summary>
    public byte[] ToBeSigned() => BuildSigStructure(ProtectedHeader, Payload);

    /// <summary>Builds and signs a message.</summary>
    /// <param name="algorithm">The COSE alg of <paramref name="sign"/>.</param>
    /// <param name="contentType">The content type to bind into the protected header.</param>
    /// <param name="kid">The signer's 8-byte kid.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <param name="sign">Signs the Sig_structure bytes.</param>
    public static byte[] Sign(int algorithm, int contentType, ReadOnlySpan<byte> kid, byte[] payload, Func<byte[], byte[]> sign)
        => Sign(EncodeProtectedHeader(algorithm, contentType, null, CheckKid(kid)), payload, sign);

    /// <summary>Builds and signs a message whose protected header names its type with typ (16) instead of a content type.</summary>
    public static byte[] SignTyped(int algorithm, string type, ReadOnlySpan<byte> kid, byte[] payload, Func<byte[], byte[]> sign)
        => type.Length is > 0 and <= MaxTypeLength
            ? Sign(EncodeProtectedHeader(algorithm, null, type, CheckKid(kid)), payload, sign)
            : throw new ArgumentException($"A typ is 1 to {MaxTypeLength} characters.", nameof(type));

    private static byte[] Sign(byte[] protectedHeader, byte[] payload, Func<byte[], byte[]> sign)
        => EncodeMessage(protectedHeader, payload, sign(BuildSigStructure(protectedHeader, payload)));

    private static ReadOnlySpan<byte> CheckKid(ReadOnlySpan<byte> kid)
        => kid.Length == KidLength ? kid : throw new ArgumentException($"A kid is {KidLength} bytes.", nameof(kid));

    /// <summary>
    /// Decodes a message strictly: tagged, four items, empty unprotected header, exactly the three
    /// protected headers, an 8-byte kid, no duplicate keys and only the canonical encoding. The
    /// first pass reads in canonical mode; input that mode refuses is read again leniently and must
    /// equal its own re-encoding, which tells a repeated key from another non-canonical form.
    /// Never throws for bad input.
    /// </summary>
    public static bool TryDecode(byte[] data, [NotNullWhen(true)] out CoseSign1? message, out PayloadError error)
    {
        error = Decode(data, CborConformanceMode.Canonical, out message);
        if (error == PayloadError.CborNotCanonical)
        {
            error = Decode(data, CborConformanceMode.Lax, out message);
        }

        return error == PayloadError.None;
    }

    /// <summary>Decodes a message as <see cref="TryDecode"/> does and requires its typ to be <paramref name="type"/>; says why not in words.</summary>
    public static bool TryDecodeTyped(byte[] data, string type, [NotNullWhen(true)] out CoseSign1? message, out string? error)
    {
        error = !TryDecode(data, out message, out var coseError) ? $"not a valid COSE_Sign1 ({coseError})"
            : message.Type != type ? $"typ is not {type}"
            : null;
        return error is null;
    }

    private static PayloadError Decode(byte[] data, CborConformanceMode mode, out CoseSign1? message)
    {
        message = null;
        try
        {
            var reader = new CborReader(data, mode);
            if (reader.PeekState() != CborReaderState.Tag || reader.ReadTag() != (CborTag)Tag || reader.ReadStartArray() != 4)
            {
                return PayloadError.CoseInvalid;
            }

            var protectedHeader = reader.ReadByteString();
            if (reader.ReadStartMap() != 0)
            {
                return PayloadError.HeaderInvalid;
            }

            reader.ReadEndMap();
            var payload = reader.ReadByteString();
            var signature = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                return PayloadError.CoseInvalid;
            }

            var error = DecodeProtectedHeader(protectedHeader, mode, out var algorithm, out var contentType, out var type, out var kid);
            if (error != PayloadError.None)
            {
                return error;
            }

            if (mode == CborConformanceMode.Lax && !EncodeMessage(protectedHeader, payload, signature).AsSpan().SequenceEqual(data))
            {
                return PayloadError.CborNotCanonical;
            }

            message = new CoseSign1(algorithm, contentType, type, kid, protectedHeader, payload, signature);
            return PayloadError.None;
        }
        catch (CborContentException) when (mode != CborConformanceMode.Lax)
        {
            return PayloadError.CborNotCanonical;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            return PayloadError.CoseInvalid;
        }
    }

    private static PayloadError DecodeProtectedHeader(
        byte[] header, CborConformanceMode mode, out int algorithm, out int? contentType, out string? type, out byte[] kid)
    {
        algorithm = 0;
        contentType = null;
        type = null;
        kid = [];
        var reader = new CborReader(header, mode);
        // Up to eight entries are read so that a repeated label is reported as a duplicate.
        var count = reader.ReadStartMap();
        if (count is null or < 1 or > 8)
        {
            return PayloadError.HeaderInvalid;
        }

        var seen = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            {
                return PayloadError.HeaderInvalid;
            }

            var label = reader.ReadInt64();
            if (!seen.Add(label))
            {
                return PayloadError.CborDuplicateKey;
            }

            switch (label)
            {
                case HeaderAlg:
                    algorithm = reader.ReadInt32();
                    break;
                case HeaderContentType:
                    contentType = reader.ReadInt32();
                    break;
                case HeaderKid:
                    kid = reader.ReadByteString();
                    break;
                case HeaderType:
                    type = reader.ReadTextString();
                    break;
                default:
                    return PayloadError.HeaderInvalid;
            }
        }

        reader.ReadEndMap();
        if (count != 3 || reader.BytesRemaining != 0 || kid.Length != KidLength || (contentType is null) == (type is null) || type?.Length is 0 or > MaxTypeLength)
        {
            return PayloadError.HeaderInvalid;
        }

        return mode != CborConformanceMode.Lax || EncodeProtectedHeader(algorithm, contentType, type, kid).AsSpan().SequenceEqual(header)
            ? PayloadError.None
            : PayloadError.CborNotCanonical;
    }

    private static byte[] EncodeProtectedHeader(int algorithm, int? contentType, string? type, ReadOnlySpan<byte> kid)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(3);
        writer.WriteInt32(HeaderAlg);
        writer.WriteInt32(algorithm);
        if (contentType is { } value)
        {
            writer.WriteInt32(HeaderContentType);
            writer.WriteInt32(value);
        }
        else
        {
            writer.WriteInt32(HeaderType);
            writer.WriteTextString(type!);
        }

        writer.WriteInt32(HeaderKid);
        writer.WriteByteString(kid);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static byte[] EncodeMessage(byte[] protectedHeader, byte[] payload, byte[] signature)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteTag((CborTag)Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static byte[] BuildSigStructure(byte[] protectedHeader, byte[] payload)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical, initialCapacity: payload.Length + protectedHeader.Length + 24);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
