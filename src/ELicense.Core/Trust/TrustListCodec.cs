using System.Formats.Cbor;
using ELicense.Core.Encoding;

namespace ELicense.Core.Trust;

/// <summary>
/// The signed trust list of DESIGN §7: a COSE_Sign1 (the construction licences use) with typ
/// <see cref="Type"/> and the kid of the trust-list signer, whose payload is the canonical CBOR map
/// <code>
/// { 1: region, 2: authority, 3: sequence, 4: iat, 5: exp,
///   6: [list-signer certificate, provincial CA certificate, ...],
///   7: [ { 1: DS certificate, 2: state (0 pending, 1 active, 2 retired, 3 revoked),
///          3: [notBefore, notAfter], ? 4: compromise time (revoked only),
///          ? 5: scheduled activation (pending only) }, ... ] }
/// </code>
/// Times are Unix seconds. The certificates travel in the payload, so the list verifies with
/// nothing but a national root. Decoding is strict and bounded; it never throws for bad input.
/// </summary>
public static class TrustListCodec
{
    public const string Type = "application/elicense-trust-list+cose";

    /// <summary>The largest list accepted (bytes); a province with 1,000 signers stays far below it.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private const int MaxEntries = 10_000;
    private const int MaxChain = 8;

    /// <summary>Signs a list with the province's trust-list signer.</summary>
    public static byte[] Sign(TrustList list, DocumentSigner listSigner)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(7);
        writer.WriteInt32(1);
        writer.WriteTextString(list.Region);
        writer.WriteInt32(2);
        writer.WriteTextString(list.Authority);
        writer.WriteInt32(3);
        writer.WriteInt64(list.Sequence);
        writer.WriteInt32(4);
        writer.WriteInt64(list.IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(5);
        writer.WriteInt64(list.ExpiresAt.ToUnixTimeSeconds());
        writer.WriteInt32(6);
        writer.WriteStartArray(list.SignerChain.Count);
        foreach (var certificate in list.SignerChain)
        {
            writer.WriteByteString(certificate);
        }

        writer.WriteEndArray();
        writer.WriteInt32(7);
        writer.WriteStartArray(list.Entries.Count);
        foreach (var entry in list.Entries)
        {
            writer.WriteStartMap(3 + (entry.CompromisedAt is null ? 0 : 1) + (entry.ActivateAt is null ? 0 : 1));
            writer.WriteInt32(1);
            writer.WriteByteString(entry.Certificate);
            writer.WriteInt32(2);
            writer.WriteInt32((int)entry.State);
            writer.WriteInt32(3);
            writer.WriteStartArray(2);
            writer.WriteInt64(entry.Validity.NotBefore.ToUnixTimeSeconds());
            writer.WriteInt64(entry.Validity.NotAfter.ToUnixTimeSeconds());
            writer.WriteEndArray();
            if (entry.CompromisedAt is { } compromised)
            {
                writer.WriteInt32(4);
                writer.WriteInt64(compromised.ToUnixTimeSeconds());
            }

            if (entry.ActivateAt is { } activation)
            {
                writer.WriteInt32(5);
                writer.WriteInt64(activation.ToUnixTimeSeconds());
            }

            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return CoseSign1.SignTyped(listSigner.Key.Algorithm.CoseId, Type, listSigner.Kid, writer.Encode(), listSigner.Key.Sign);
    }

    /// <summary>Takes a list apart without checking its signature or certificates.</summary>
    public static bool TryDecode(byte[] data, out CoseSign1? message, out TrustList? list, out string? error)
    {
        list = null;
        message = null;
        if (data.Length > MaxBytes)
        {
            error = $"the list is larger than {MaxBytes} bytes";
            return false;
        }

        if (!CoseSign1.TryDecodeTyped(data, Type, out message, out error))
        {
            return false;
        }

        try
        {
            list = ReadPayload(new CborReader(message!.Payload, CborConformanceMode.Canonical));
            error = list is null ? "the list's fields are inconsistent" : null;
            return list is not null;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            error = "the list is malformed or not canonical CBOR";
            return false;
        }
    }

    /// <summary>
    /// Decodes a list and checks it as a verifier must before using it: the signer's certificate
    /// chains through a provincial CA of the list's province to a configured root, was valid when the
    /// list was signed and may sign trust lists; the kid and alg agree with it; the signature
    /// verifies. Then each entry is admitted when it chains to a configured root through a CA of the
    /// same province, is no trust-list signer and states its certificate's own validity.
    /// </summary>
    /// <param name="data">The list bytes as fetched.</param>
    /// <param name="validator">The configured national roots.</param>
    /// <param name="verified">The list and the signers it admits.</param>
    /// <param name="error">Why the whole list is refused.</param>
    public static bool TryVerify(byte[] data, CertificateChainValidator validator, out VerifiedTrustList? verified, out string? error)
    {
        verified = null;
        if (!TryDecode(data, out var message, out var list, out error))
        {
            return false;
        }

        var signerCertificate = list!.SignerChain[0];
        var cas = list.SignerChain.Skip(1).ToList();
        var chain = validator.Validate(signerCertificate, cas, list.IssuedAt);
        error = !chain.IsValid ? $"the list signer's certificate does not chain to a configured root: {chain.Error}"
            : chain.Province != list.Region ? $"the list of {list.Region} is signed by a signer of province {chain.Province}"
            : !CertificatePurposes.IsTrustListSigner(signerCertificate) ? "the signer's certificate is not for signing trust lists"
            : !Kid.Compute(signerCertificate).AsSpan().SequenceEqual(message!.Kid) ? "the kid is not the list signer's"
            : chain.Key!.Algorithm.CoseId != message.Algorithm ? "alg does not match the list signer's key"
            : !chain.Key.Verify(message.ToBeSigned(), message.Signature) ? "the signature does not verify"
            : null;
        if (error is not null)
        {
            return false;
        }

        var signers = new List<TrustedSigner>();
        var refusals = new List<string>();
        foreach (var entry in list.Entries)
        {
            var refusal = Admit(entry, list.Region, cas, validator, out var signer);
            if (signer is not null)
            {
                signers.Add(signer);
            }
            else
            {
                refusals.Add($"{Kid.ToHex(Kid.Compute(entry.Certificate))}: {refusal}");
            }
        }

        verified = new VerifiedTrustList(list, signers, refusals);
        return true;
    }

    private static string? Admit(TrustListEntry entry, string region, List<byte[]> cas, CertificateChainValidator validator, out TrustedSigner? signer)
    {
        signer = null;
        if (CertificatePurposes.IsTrustListSigner(entry.Certificate))
        {
            return "a trust-list signer cannot be a document signer";
        }

        var chain = validator.Validate(entry.Certificate, cas);
        if (!chain.IsValid)
        {
            return chain.Error;
        }

        if (chain.Province != region)
        {
            return $"belongs to province {chain.Province}, not {region}";
        }

        var own = CertificatePurposes.ValidityOf(entry.Certificate);
        if (own.NotBefore.ToUnixTimeSeconds() != entry.Validity.NotBefore.ToUnixTimeSeconds()
            || own.NotAfter.ToUnixTimeSeconds() != entry.Validity.NotAfter.ToUnixTimeSeconds())
        {
            return "the stated validity is not the certificate's";
        }

        signer = new TrustedSigner(Kid.Compute(entry.Certificate), entry.Certificate, region, chain.Key!, chain.Window, entry.State, entry.CompromisedAt, entry.ActivateAt);
        return null;
    }

    private static TrustList? ReadPayload(CborReader reader)
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
        if (chainLength is null or < 2 or > MaxChain)
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
        if (count is null or > MaxEntries)
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
        return reader.BytesRemaining != 0 || region.Length != 6 || authority.Length is 0 or > 200 || sequence < 0 || expiresAt <= issuedAt
            ? null
            : new TrustList(region, authority, sequence, issuedAt, expiresAt, chain, entries);
    }

    private static TrustListEntry ReadEntry(CborReader reader)
    {
        var fields = reader.ReadStartMap();
        if (fields is not (3 or 4 or 5))
        {
            throw new FormatException("An entry has 3 to 5 fields.");
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
        for (var i = 3; i < fields; i++)
        {
            // Canonical CBOR orders the keys, so 4 (revoked) comes before 5 (pending); an entry has at most the one its state allows.
            switch (reader.ReadInt32())
            {
                case 4 when state == SignerState.Revoked && compromisedAt is null:
                    compromisedAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
                    break;
                case 5 when state == SignerState.Pending && activateAt is null:
                    activateAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
                    break;
                default:
                    throw new FormatException("Only a revoked key has a compromise time and only a pending key an activation time.");
            }
        }

        reader.ReadEndMap();
        return new TrustListEntry(certificate, state, validity, compromisedAt, activateAt);
    }

    private static void Expect(CborReader reader, int key)
    {
        if (reader.ReadInt32() != key)
        {
            throw new FormatException($"Field {key} expected.");
        }
    }
}
