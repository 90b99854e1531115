using System.Collections.Concurrent;
using System.Formats.Cbor;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Trust;

namespace ELicense.Testing;

/// <summary>
/// QR texts as the holder of a document-signer key could make them: any protected header, any
/// unprotected header, any payload bytes, validly signed with a development key of certs/dev. A
/// verifier that trusts that key cannot blame a broken signature for refusing such a text, so each
/// text tests exactly the rule it breaks. The layers are the core's own (Sig_structure of RFC 9052
/// §4.4, <see cref="Zlib"/>, <see cref="Base45"/>), so a text differs from a genuine one only where
/// a test says.
/// </summary>
public static class SignedForge
{
    private static readonly ConcurrentDictionary<(string, KeyFamily), DocumentSigner> Signers = new();

    /// <summary>
    /// The development document signer of a province and family (<c>certs/dev/dev-ds-{province}-{sm2,rsa}</c>),
    /// the first key a development LicenseService of that province imports.
    /// </summary>
    public static DocumentSigner DevSigner(string province, KeyFamily family) => Signers.GetOrAdd((province, family), key =>
    {
        var name = $"dev-ds-{key.Item1}-{(key.Item2 == KeyFamily.Sm2 ? "sm2" : "rsa")}";
        var password = File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-keys-password.txt")).Trim();
        var signingKey = KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, name + ".key.pem")), password);
        return new DocumentSigner(signingKey, KeyPem.ReadCertificates(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, name + ".crt.pem")))[0]);
    });

    /// <summary>The genuine protected header <c>{1: alg, 3: content type, 4: kid}</c>, with a kid of any length.</summary>
    public static byte[] ProtectedHeader(int algorithm, int contentType, byte[] kid) =>
        CborMapEntries.Of((CborItem.Int(1), CborItem.Int(algorithm)), (CborItem.Int(3), CborItem.Int(contentType)), (CborItem.Int(4), CborItem.Bytes(kid))).Encode();

    /// <summary>The genuine protected header for a signer and a payload kind.</summary>
    public static byte[] ProtectedHeader(DocumentSigner signer, PayloadKind kind) => ProtectedHeader(signer.Key.Algorithm.CoseId, kind.ContentType(), signer.Kid);

    /// <summary>The bytes a COSE_Sign1 signature covers: <c>["Signature1", protected, h'', payload]</c>.</summary>
    public static byte[] ToBeSigned(byte[] protectedHeader, byte[] payload) => CborItem.Write(w =>
    {
        w.WriteStartArray(4);
        w.WriteTextString("Signature1");
        w.WriteByteString(protectedHeader);
        w.WriteByteString([]);
        w.WriteByteString(payload);
        w.WriteEndArray();
    });

    /// <summary>The signature of a key over a header and payload, as COSE writes it (SM2: r‖s).</summary>
    public static byte[] Signature(ISigningKey key, byte[] protectedHeader, byte[] payload) => key.Sign(ToBeSigned(protectedHeader, payload));

    /// <summary>
    /// A COSE_Sign1 of the given parts. <paramref name="unprotectedHeader"/> and <paramref name="signatureItem"/>
    /// are encoded items written as they are (default: an empty map; the signature as a byte string).
    /// </summary>
    public static byte[] Message(byte[] protectedHeader, byte[] payload, byte[] signature, byte[]? unprotectedHeader = null, byte[]? signatureItem = null, bool tagged = true) =>
        CborItem.Write(w =>
        {
            if (tagged)
            {
                w.WriteTag((CborTag)CoseSign1.Tag);
            }

            w.WriteStartArray(4);
            w.WriteByteString(protectedHeader);
            w.WriteEncodedValue(unprotectedHeader ?? [0xA0]);
            w.WriteByteString(payload);
            w.WriteEncodedValue(signatureItem ?? CborItem.Bytes(signature));
            w.WriteEndArray();
        });

    /// <summary>A COSE_Sign1 of a header and payload, signed by <paramref name="key"/>.</summary>
    public static byte[] SignedMessage(ISigningKey key, byte[] protectedHeader, byte[] payload) =>
        Message(protectedHeader, payload, Signature(key, protectedHeader, payload));

    /// <summary>The COSE bytes inside a QR text made by <see cref="Text"/> (empty when it is not one).</summary>
    public static byte[] Unwrap(string text)
    {
        Base45.TryDecode(text.AsSpan(PayloadKinds.LicencePrefix.Length), out var compressed);
        Zlib.TryInflate(compressed, 1 << 20, out var cose);
        return cose;
    }

    /// <summary>A QR text: the prefix, then Base45(zlib(COSE)).</summary>
    public static string Text(string prefix, byte[] cose) => prefix + Base45.Encode(Zlib.Compress(cose));

    /// <summary>Any payload bytes signed the genuine way (genuine header for the kind, the kind's prefix).</summary>
    public static string Sign(byte[] payload, PayloadKind kind, DocumentSigner signer) =>
        Text(kind.Prefix(), SignedMessage(signer.Key, ProtectedHeader(signer, kind), payload));
}
