using System.Formats.Cbor;
using ELicense.Core.Encoding;
using ELicense.Testing;

namespace ELicense.Core.Tests.Encoding;

/// <summary>
/// Builds COSE_Sign1 messages and QR texts the way an attacker or a sloppy encoder would: any
/// protected-header bytes, any payload bytes, validly signed, so each test isolates one defect.
/// </summary>
public static class CoseForge
{
    public static byte[] ProtectedHeader(int alg, int contentType, byte[] kid, Action<CborWriter>? extra = null, int entries = 3)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(entries);
        writer.WriteInt32(1);
        writer.WriteInt32(alg);
        writer.WriteInt32(3);
        writer.WriteInt32(contentType);
        writer.WriteInt32(4);
        writer.WriteByteString(kid);
        extra?.Invoke(writer);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>A tagged COSE_Sign1 whose signature covers exactly the given header and payload bytes.</summary>
    public static byte[] Message(byte[] protectedHeader, byte[] payload, Func<byte[], byte[]> sign, Action<CborWriter>? unprotected = null, bool tagged = true)
    {
        var sigStructure = new CborWriter(CborConformanceMode.Lax);
        sigStructure.WriteStartArray(4);
        sigStructure.WriteTextString("Signature1");
        sigStructure.WriteByteString(protectedHeader);
        sigStructure.WriteByteString([]);
        sigStructure.WriteByteString(payload);
        sigStructure.WriteEndArray();
        var signature = sign(sigStructure.Encode());

        var writer = new CborWriter(CborConformanceMode.Lax);
        if (tagged)
        {
            writer.WriteTag((CborTag)CoseSign1.Tag);
        }

        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        if (unprotected is null)
        {
            writer.WriteStartMap(0);
            writer.WriteEndMap();
        }
        else
        {
            unprotected(writer);
        }

        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Wraps COSE bytes into a QR text with the given prefix.</summary>
    public static string Text(byte[] cose, string prefix = PayloadKinds.LicencePrefix) => prefix + Base45.Encode(Zlib.Compress(cose));

    /// <summary>The COSE bytes inside a QR text.</summary>
    public static byte[] Unwrap(string text) => SignedForge.Unwrap(text);
}
