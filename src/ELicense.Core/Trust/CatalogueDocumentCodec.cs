using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;

namespace ELicense.Core.Trust;

/// <summary>
/// A province's published catalogue (DESIGN §12, docs/adr/0008): a COSE_Sign1 signed by the
/// province's trust-list signer, told from a trust list by its own content type <see cref="Type"/>,
/// whose payload is the canonical CBOR map
/// <code>
/// { 1: region, 2: sequence, 3: iat, 4: exp,
///   5: [list-signer certificate, provincial CA certificate, ...],
///   6: catalogue file (UTF-8 JSON, docs/schemas/catalogue.schema.json) }
/// </code>
/// The sequence grows with every definition the province adds (definitions are never changed or
/// removed). Decoding is strict and bounded; it never throws for bad input.
/// </summary>
public static class CatalogueDocumentCodec
{
    public const string Type = "application/elicense-catalogue+cose";

    /// <summary>The largest document accepted (bytes).</summary>
    public const int MaxBytes = CatalogueJson.MaxBytes + (64 * 1024);

    /// <summary>Signs a province's catalogue with its trust-list signer.</summary>
    public static byte[] Sign(CatalogueDocument document, DocumentSigner listSigner)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(6);
        writer.WriteInt32(1);
        writer.WriteTextString(document.Region);
        writer.WriteInt32(2);
        writer.WriteInt64(document.Sequence);
        writer.WriteInt32(3);
        writer.WriteInt64(document.IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(4);
        writer.WriteInt64(document.ExpiresAt.ToUnixTimeSeconds());
        writer.WriteInt32(5);
        TrustListCodec.WriteCertificates(writer, document.SignerChain);
        writer.WriteInt32(6);
        writer.WriteByteString(CatalogueJson.Write(document.Types));
        writer.WriteEndMap();
        return CoseSign1.SignTyped(listSigner.Key.Algorithm.CoseId, Type, listSigner.Kid, writer.Encode(), listSigner.Key.Sign);
    }

    /// <summary>
    /// Decodes a document and checks it as a verifier must before using it, at the time it is received: signed by the
    /// trust-list signer of its province (<see cref="TrustListCodec"/>'s rule, chain valid at <paramref name="receivedAt"/>),
    /// dates within <see cref="ListReceiptRules.TrustLists"/>, every definition well-formed and at most <see cref="MaxPatternedTypes"/>
    /// with patterns. A definition the province may not publish (<see cref="DefinitionProblem"/>) is left out and named in
    /// <see cref="CatalogueDocument.Refused"/>.
    /// </summary>
    public static bool TryVerify(byte[] data, CertificateChainValidator validator, DateTimeOffset receivedAt, [NotNullWhen(true)] out CatalogueDocument? document, out string? error)
    {
        if (!TryVerifySignature(data, validator, receivedAt, out var decoded, out error, out var json))
        {
            document = null;
            return false;
        }

        document = null;
        if (!CatalogueJson.TryRead(json, out var types, out var errors))
        {
            error = $"the catalogue is not valid: {errors.Count} error(s), first at '{errors[0].Field}' ({errors[0].Code})";
            return false;
        }

        if (types.Count(t => t.Fields.Any(f => f.Pattern is not null)) > MaxPatternedTypes)
        {
            error = $"more than {MaxPatternedTypes} definitions carry patterns";
            return false;
        }

        // A definition the province may not publish is left out and named; the rest of its catalogue still counts.
        var refused = types.Select(t => (Type: t, Problem: DefinitionProblem(t, decoded.Region))).Where(p => p.Problem is not null).ToList();
        document = decoded with { Types = [.. types.Where(t => refused.All(r => r.Type != t))], Refused = [.. refused.Select(r => $"{r.Type}: {r.Problem}")] };
        return true;
    }

    /// <summary>
    /// The signature, signer and dates of a document only, its definitions not read (<see cref="CatalogueDocument.Types"/> empty):
    /// for bytes already verified in full and held, judged again at a later receipt time.
    /// </summary>
    public static bool TryVerifySignature(byte[] data, CertificateChainValidator validator, DateTimeOffset receivedAt, [NotNullWhen(true)] out CatalogueDocument? document, out string? error)
        => TryVerifySignature(data, validator, receivedAt, out document, out error, out _);

    private static bool TryVerifySignature(
        byte[] data, CertificateChainValidator validator, DateTimeOffset receivedAt, [NotNullWhen(true)] out CatalogueDocument? document, out string? error, out byte[] json)
    {
        if (!TryDecode(data, out var message, out document, out json, out error))
        {
            return false;
        }

        error = TrustListCodec.ListSignerProblem(message, document.SignerChain, document.Region, validator, receivedAt)
                ?? ListReceiptRules.TrustLists.Problem(document.IssuedAt, document.ExpiresAt, receivedAt);
        if (error is not null)
        {
            // What failed its signer or its dates is not handed out beside the false.
            document = null;
            return false;
        }

        return true;
    }

    /// <summary>Why a province may not publish this definition; null when it may.</summary>
    /// <remarks>A national type (a code the national base defines) is taken only exactly as the national base this code ships
    /// defines it; any other type must be defined under a body of the province itself (characters 3–8 of the credit code), so that
    /// a type a national release adds later can never collide with a province's.</remarks>
    public static string? DefinitionProblem(LicenceType type, string region)
    {
        if (LicenceCatalogue.NationalBase.FindByCode(type.Code) is not null)
        {
            return LicenceCatalogue.NationalBase.Find(type.Code, type.Version) is { } national && CatalogueJson.SameDefinition(national, type)
                ? null
                : $"{type} is a national type, not as the national base defines it";
        }

        var body = type.Code.AsSpan(2, 6);
        return body.StartsWith(region.AsSpan(0, 2)) && !body.SequenceEqual("100000")
            ? null
            : $"{type} is defined under a body of region {body}, not of province {region}";
    }

    /// <summary>The most definitions with patterns one document may carry (each pattern is compiled when it is read).</summary>
    public const int MaxPatternedTypes = 1_000;

    private static bool TryDecode(byte[] data, [NotNullWhen(true)] out CoseSign1? message, [NotNullWhen(true)] out CatalogueDocument? document, out byte[] json, out string? error)
    {
        document = null;
        json = [];
        message = null;
        if (data.Length > MaxBytes)
        {
            error = $"the document is larger than {MaxBytes} bytes";
            return false;
        }

        if (!CoseSign1.TryDecodeTyped(data, Type, out message, out error))
        {
            return false;
        }

        try
        {
            var reader = new CborReader(message.Payload, CborConformanceMode.Canonical);
            if (reader.ReadStartMap() != 6 || reader.ReadInt32() != 1)
            {
                throw new FormatException();
            }

            var region = reader.ReadTextString();
            Expect(reader, 2);
            var sequence = reader.ReadInt64();
            Expect(reader, 3);
            var iat = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
            Expect(reader, 4);
            var exp = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
            Expect(reader, 5);
            var count = reader.ReadStartArray() ?? throw new FormatException();
            if (count is < 1 or > TrustListCodec.MaxChain)
            {
                throw new FormatException();
            }

            var chain = new List<byte[]>(count);
            for (var i = 0; i < count; i++)
            {
                chain.Add(reader.ReadByteString());
            }

            reader.ReadEndArray();
            Expect(reader, 6);
            json = reader.ReadByteString();
            reader.ReadEndMap();
            if (reader.BytesRemaining != 0 || !Identifiers.RegionCode.IsValid(region) || sequence < 0 || exp <= iat)
            {
                throw new FormatException();
            }

            document = new CatalogueDocument(region, sequence, iat, exp, chain, []);
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            error = "the document is malformed or not canonical CBOR";
            return false;
        }
    }

    private static void Expect(CborReader reader, int key)
    {
        if (reader.ReadInt32() != key)
        {
            throw new FormatException();
        }
    }
}

/// <summary>A province's catalogue as published: its own definitions and the national ones it issues.</summary>
/// <param name="Region">The province's GB/T 2260 code.</param>
/// <param name="Sequence">Grows with every definition added; a verifier never replaces a document by one with a lower number.</param>
/// <param name="IssuedAt">When it was signed.</param>
/// <param name="ExpiresAt">After this it is too old to rely on (a verifier keeps the last good copy and says so).</param>
/// <param name="SignerChain">The trust-list signer's certificate, then the provincial CA certificates.</param>
/// <param name="Types">Every definition (a verifier's copy: those it admits).</param>
public sealed record CatalogueDocument(
    string Region, long Sequence, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, IReadOnlyList<byte[]> SignerChain, IReadOnlyList<LicenceType> Types)
{
    /// <summary>The definitions a verifier left out, and why.</summary>
    public IReadOnlyList<string> Refused { get; init; } = [];
}
