using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELicense.Core.Tests.Verification;

/// <summary>The JSON shape of <c>Vectors/verification.json</c>: a PKI by its certificates, and cases with expected outcomes.</summary>
public sealed record VerificationVectors(
    string Description,
    IReadOnlyList<string> Roots,
    IReadOnlyList<string> ProvincialCas,
    IReadOnlyList<string> Signers,
    IReadOnlyList<VerificationVector> Cases)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>One case: a QR text, what the verifier knows, and the expected verdict, first reason and check results.</summary>
/// <param name="Name">What the case is about.</param>
/// <param name="Qr">The QR text.</param>
/// <param name="Now">The instant of verification.</param>
/// <param name="Status">The status at the licence's reference, or null when no list is at hand.</param>
/// <param name="SignerState">The state of the signer with <paramref name="SignerKid"/> (default Active).</param>
/// <param name="SignerKid">The kid (hex) whose state the case sets.</param>
/// <param name="CompromisedAt">The compromise time of a revoked signer.</param>
/// <param name="Verdict">Expected verdict.</param>
/// <param name="Reason">Expected first reason code, or null.</param>
/// <param name="Checks">Expected result of each check, in pipeline order.</param>
public sealed record VerificationVector(
    string Name,
    string Qr,
    DateTimeOffset Now,
    VectorStatus? Status,
    string? SignerState,
    string? SignerKid,
    DateTimeOffset? CompromisedAt,
    string Verdict,
    string? Reason,
    IReadOnlyList<string> Checks);

/// <summary>A status-list entry as a vector gives it.</summary>
public sealed record VectorStatus(string List, long Index, string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
