using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using ELicense.Core.Encoding;
using ELicense.Core.Trust;

namespace ELicense.Core.Status;

/// <summary>
/// Status List Tokens in CWT form (draft-ietf-oauth-status-list §5.2): a COSE_Sign1 with typ
/// <c>application/statuslist+cwt</c>, whose payload is the claims map
/// <c>{2: sub, 4: exp, 6: iat, 65533: {"bits": 2, "lst": zlib(list)}, 65534: ttl}</c>.
/// Decoding is strict and bounded like the licence decoder; it never throws for bad input.
/// </summary>
public static class StatusListTokenCodec
{
    public const string Type = "application/statuslist+cwt";
    private const int ClaimSubject = 2;
    private const int ClaimExpires = 4;
    private const int ClaimIssuedAt = 6;
    private const int ClaimStatusList = 65533;
    private const int ClaimTimeToLive = 65534;

    /// <summary>Signs a token with a signer of the province.</summary>
    public static byte[] Sign(StatusListToken token, DocumentSigner signer)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(5);
        writer.WriteInt32(ClaimSubject);
        writer.WriteTextString(token.Subject);
        writer.WriteInt32(ClaimExpires);
        writer.WriteInt64(token.ExpiresAt.ToUnixTimeSeconds());
        writer.WriteInt32(ClaimIssuedAt);
        writer.WriteInt64(token.IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(ClaimStatusList);
        writer.WriteStartMap(2);
        writer.WriteTextString("bits");
        writer.WriteInt32(StatusList.BitsPerEntry);
        writer.WriteTextString("lst");
        writer.WriteByteString(Zlib.Compress(token.List.AsBytes()));
        writer.WriteEndMap();
        writer.WriteInt32(ClaimTimeToLive);
        writer.WriteInt64((long)token.TimeToLive.TotalSeconds);
        writer.WriteEndMap();
        return CoseSign1.SignTyped(signer.Key.Algorithm.CoseId, Type, signer.Kid, writer.Encode(), signer.Key.Sign);
    }

    /// <summary>Takes a token apart without checking its signature.</summary>
    /// <param name="data">The token bytes.</param>
    /// <param name="maxEntries">The largest list accepted; bounds the inflate.</param>
    /// <param name="message">The COSE message, for the signature check.</param>
    /// <param name="token">The decoded token.</param>
    /// <param name="error">Why the token was refused.</param>
    public static bool TryDecode(byte[] data, int maxEntries, [NotNullWhen(true)] out CoseSign1? message, [NotNullWhen(true)] out StatusListToken? token, out string? error)
    {
        token = null;
        if (!CoseSign1.TryDecodeTyped(data, Type, out message, out error))
        {
            return false;
        }

        try
        {
            var reader = new CborReader(message.Payload, CborConformanceMode.Canonical);
            if (reader.ReadStartMap() != 5
                || reader.ReadInt32() != ClaimSubject)
            {
                error = "the claims are not sub, exp, iat, status_list and ttl";
                return false;
            }

            var subject = reader.ReadTextString();
            var expires = ReadClaim(reader, ClaimExpires);
            var issuedAt = ReadClaim(reader, ClaimIssuedAt);
            if (reader.ReadInt32() != ClaimStatusList || reader.ReadStartMap() != 2 || reader.ReadTextString() != "lst")
            {
                error = "status_list is not {bits, lst}";
                return false;
            }

            var compressed = reader.ReadByteString();
            if (reader.ReadTextString() != "bits" || reader.ReadInt32() != StatusList.BitsPerEntry)
            {
                error = "only 2-bit status lists are accepted";
                return false;
            }

            reader.ReadEndMap();
            var ttl = ReadClaim(reader, ClaimTimeToLive);
            reader.ReadEndMap();
            if (reader.BytesRemaining != 0 || subject.Length is 0 or > 512 || expires <= issuedAt || ttl < 0)
            {
                error = "the claims are inconsistent";
                return false;
            }

            switch (Zlib.TryInflate(compressed, maxEntries / 4, out var packed))
            {
                case Zlib.InflateResult.TooLarge:
                    error = $"the list holds more than {maxEntries} entries";
                    return false;
                case Zlib.InflateResult.Invalid:
                    error = "lst is not valid zlib";
                    return false;
            }

            token = new StatusListToken(subject, DateTimeOffset.FromUnixTimeSeconds(issuedAt), DateTimeOffset.FromUnixTimeSeconds(expires),
                TimeSpan.FromSeconds(ttl), StatusList.FromBytes(packed));
            error = null;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            error = "the claims are malformed or not canonical CBOR";
            return false;
        }
    }

    /// <summary>
    /// Decodes a token and checks it the way a verifier must before holding it (DESIGN §6, §13): the
    /// list name the host asked for is one of <paramref name="province"/>'s (<see cref="StatusListName"/>)
    /// and the token is about it; the signature verifies under a trusted signer that
    /// <see cref="SignerAdmission"/> admits for a status list of that province dated at the token's iat
    /// (never a revoked one, nothing a retired one signed after its retirement, nothing a pending one
    /// signed before its activation); iat is not ahead of <paramref name="receivedAt"/> and the token
    /// claims no overlong lifetime (<see cref="ListReceiptRules"/>).
    /// </summary>
    /// <param name="data">The token bytes as fetched.</param>
    /// <param name="trust">The trusted signers.</param>
    /// <param name="province">The province whose service it was fetched from: the signer's province of the licence that named it.</param>
    /// <param name="name">The list name asked for.</param>
    /// <param name="receivedAt">Now.</param>
    /// <param name="rules">The receipt rules; <see cref="ListReceiptRules.StatusLists"/> when null.</param>
    /// <param name="maxEntries">The largest list accepted; bounds the inflate.</param>
    /// <param name="verified">The token with its province and signer.</param>
    /// <param name="error">Why it is refused.</param>
    public static bool TryVerify(
        byte[] data, TrustMaterial trust, string province, string name, DateTimeOffset receivedAt, ListReceiptRules? rules, int maxEntries,
        [NotNullWhen(true)] out VerifiedStatusList? verified, out string? error)
    {
        verified = null;
        if (!StatusListName.BelongsTo(name, province))
        {
            error = $"the list name is not one of province {province}'s";
            return false;
        }

        if (!TryDecode(data, maxEntries, out var message, out var token, out error))
        {
            return false;
        }

        var signer = trust.FindSigner(message, out var failure);
        error = signer is null ? $"the signature does not verify under a trusted signer ({Reasons.Reason.CodeText(failure)})"
            : token.Subject != name ? "the token is about another list than the one asked for"
            : SignerAdmission.Check(signer, SignedKind.StatusList, token.IssuedAt, province) is { } refusal
                ? $"its signer may not sign this province's status lists at iat ({Reasons.Reason.CodeText(refusal)})"
            : (rules ?? ListReceiptRules.StatusLists).Problem(token.IssuedAt, token.ExpiresAt, receivedAt);
        if (error is not null)
        {
            return false;
        }

        verified = new VerifiedStatusList(province, token, signer!.Kid, signer.Certificate);
        return true;
    }

    private static long ReadClaim(CborReader reader, int claim)
        => reader.ReadInt32() == claim ? reader.ReadInt64() : throw new FormatException($"Claim {claim} expected.");
}
