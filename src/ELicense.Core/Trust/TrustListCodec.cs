using System.Diagnostics.CodeAnalysis;
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
///          ? 5: scheduled activation (pending only), ? 6: retirement time (retired only) }, ... ] }
/// </code>
/// Times are Unix seconds. The certificates travel in the payload, so the list verifies with
/// nothing but a national root. Decoding is strict and bounded; it never throws for bad input.
/// </summary>
public static class TrustListCodec
{
    public const string Type = "application/elicense-trust-list+cose";

    /// <summary>The largest list accepted (bytes); a province with 1,000 signers stays far below it.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    internal const int MaxEntries = 10_000;
    internal const int MaxChain = 8;

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
        WriteCertificates(writer, list.SignerChain);
        writer.WriteInt32(7);
        writer.WriteStartArray(list.Entries.Count);
        foreach (var entry in list.Entries)
        {
            writer.WriteStartMap(3 + (entry.CompromisedAt is null ? 0 : 1) + (entry.ActivateAt is null ? 0 : 1) + (entry.RetiredAt is null ? 0 : 1));
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

            if (entry.RetiredAt is { } retired)
            {
                writer.WriteInt32(6);
                writer.WriteInt64(retired.ToUnixTimeSeconds());
            }

            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return CoseSign1.SignTyped(listSigner.Key.Algorithm.CoseId, Type, listSigner.Kid, writer.Encode(), listSigner.Key.Sign);
    }

    /// <summary>Writes a list signer's chain (trust list, catalogue): an array of DER certificates.</summary>
    internal static void WriteCertificates(CborWriter writer, IReadOnlyList<byte[]> chain)
    {
        writer.WriteStartArray(chain.Count);
        foreach (var certificate in chain)
        {
            writer.WriteByteString(certificate);
        }

        writer.WriteEndArray();
    }

    /// <summary>Takes a list apart without checking its signature or certificates.</summary>
    public static bool TryDecode(byte[] data, [NotNullWhen(true)] out CoseSign1? message, [NotNullWhen(true)] out TrustList? list, out string? error)
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
            list = TrustListPayload.Read(new CborReader(message.Payload, CborConformanceMode.Canonical));
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
    /// Decodes a list and checks it as a verifier must before using it, at the time it is received
    /// (<see cref="ListReceiptRules"/>): the signer's certificate chains through a provincial CA of the
    /// list's province to a configured root and is valid at <paramref name="receivedAt"/> (never at the
    /// list's own iat), may sign trust lists; the kid and alg agree with it; the signature verifies; iat
    /// is not ahead of the receipt time and the list claims no overlong lifetime. Then each entry is
    /// admitted when it chains to a configured root through a CA of the same province, is no
    /// trust-list signer and states its certificate's own validity.
    /// </summary>
    /// <param name="data">The list bytes as fetched.</param>
    /// <param name="validator">The configured national roots.</param>
    /// <param name="receivedAt">When the list is received (fetched, or read from a cache or bundle): now.</param>
    /// <param name="rules">The receipt rules; <see cref="ListReceiptRules.TrustLists"/> when null.</param>
    /// <param name="verified">The list and the signers it admits.</param>
    /// <param name="error">Why the whole list is refused.</param>
    public static bool TryVerify(
        byte[] data, CertificateChainValidator validator, DateTimeOffset receivedAt, ListReceiptRules? rules, [NotNullWhen(true)] out VerifiedTrustList? verified, out string? error)
    {
        verified = null;
        if (!TryDecode(data, out var message, out var list, out error))
        {
            return false;
        }

        var cas = list.SignerChain.Skip(1).ToList();
        error = ListSignerProblem(message, list.SignerChain, list.Region, validator, receivedAt)
                ?? (rules ?? ListReceiptRules.TrustLists).Problem(list.IssuedAt, list.ExpiresAt, receivedAt);
        if (error is not null)
        {
            return false;
        }

        var signers = new List<TrustedSigner>();
        var refusals = new List<string>();
        foreach (var entry in list.Entries)
        {
            var refusal = Admit(entry, list, cas, validator, out var signer);
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

    /// <summary>
    /// Why a list of <paramref name="region"/> (trust list or catalogue) is not signed by that province's trust-list
    /// signer as of <paramref name="receivedAt"/>; null when it is. The signer's certificate comes first in
    /// <paramref name="signerChain"/>, its provincial CAs after it.
    /// </summary>
    internal static string? ListSignerProblem(
        CoseSign1 message, IReadOnlyList<byte[]> signerChain, string region, CertificateChainValidator validator, DateTimeOffset receivedAt)
    {
        var signerCertificate = signerChain[0];
        var chain = validator.Validate(signerCertificate, signerChain.Skip(1).ToList(), receivedAt);
        // Nothing of an unverified list is repeated (DESIGN §13): names and texts in its certificates are the sender's; the fingerprint is not.
        return !chain.IsValid ? $"the list signer's certificate (SHA-256 {Fingerprint(signerCertificate)}) does not chain to a configured root at the receipt time"
            : chain.Province != region ? $"the list of {region} is signed by a signer of province {chain.Province}"
            : !CertificatePurposes.IsTrustListSigner(signerCertificate) ? "the signer's certificate is not for signing trust lists"
            : !Kid.Compute(signerCertificate).AsSpan().SequenceEqual(message.Kid) ? "the kid is not the list signer's"
            : chain.Key!.Algorithm.CoseId != message.Algorithm ? "alg does not match the list signer's key"
            : !chain.Key.Verify(message.ToBeSigned(), message.Signature) ? "the signature does not verify"
            : null;
    }

    private static string Fingerprint(byte[] certificate) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate))[..16];

    private static string? Admit(TrustListEntry entry, TrustList list, List<byte[]> cas, CertificateChainValidator validator, out TrustedSigner? signer)
    {
        signer = null;
        var region = list.Region;
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

        // A retired entry without its retirement time (lists of services before the field existed) fails closed: retired at
        // the latest when the list was signed, with no hand-over grace beyond it.
        var retiredAt = entry.State == SignerState.Retired ? entry.RetiredAt ?? list.IssuedAt - SignerAdmission.RetirementGrace : (DateTimeOffset?)null;
        signer = new TrustedSigner(Kid.Compute(entry.Certificate), entry.Certificate, region, chain.Key!, chain.Window, entry.State, entry.CompromisedAt, entry.ActivateAt, retiredAt);
        return null;
    }
}
