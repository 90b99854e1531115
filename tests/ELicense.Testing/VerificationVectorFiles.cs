using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELicense.Testing;

/// <summary>
/// The two files of the verification vectors (tests/ELicense.Core.Tests/Vectors): the inputs, which
/// <c>tools/ELicense.Vectors</c> writes from a fresh test PKI, and the expectations, which people
/// write and review and no program writes. A case is joined to its expectation by name.
/// </summary>
public static class VerificationVectorFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "ELicense.Core.Tests", "Vectors");

    /// <summary>The generated inputs.</summary>
    public static string InputsPath => Path.Combine(Folder, "verification-inputs.json");

    /// <summary>The hand-written expectations.</summary>
    public static string ExpectationsPath => Path.Combine(Folder, "verification.json");

    public static VectorInputs ReadInputs(string? path = null) => JsonSerializer.Deserialize<VectorInputs>(File.ReadAllText(path ?? InputsPath), Json)!;

    public static VectorExpectations ReadExpectations(string? path = null) => JsonSerializer.Deserialize<VectorExpectations>(File.ReadAllText(path ?? ExpectationsPath), Json)!;
}

/// <summary>The inputs: a PKI by its certificates (base64 DER) and each case's QR text and what the verifier knows.</summary>
public sealed record VectorInputs(string Description, IReadOnlyList<string> Roots, IReadOnlyList<string> ProvincialCas, IReadOnlyList<string> Signers, IReadOnlyList<VectorInput> Cases);

/// <summary>One case's input.</summary>
/// <param name="Name">What the case is about; the key of its expectation.</param>
/// <param name="Qr">The QR text.</param>
/// <param name="Now">The instant of verification.</param>
/// <param name="Status">The status at the licence's reference, or null when no list is at hand.</param>
/// <param name="SignerState">The state of the signer with <paramref name="SignerKid"/> (default Active).</param>
/// <param name="SignerKid">The kid (hex) whose state the case sets.</param>
/// <param name="CompromisedAt">The compromise time of a revoked signer.</param>
public sealed record VectorInput(string Name, string Qr, DateTimeOffset Now, VectorStatus? Status, string? SignerState, string? SignerKid, DateTimeOffset? CompromisedAt);

/// <summary>A status-list entry as a case gives it.</summary>
public sealed record VectorStatus(string List, long Index, string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>The expectations, case by case.</summary>
public sealed record VectorExpectations(string Description, IReadOnlyList<string> CheckOrder, IReadOnlyList<VectorExpectation> Cases);

/// <summary>What one case must give, and why.</summary>
/// <param name="Name">The case.</param>
/// <param name="Verdict">VALID, INVALID or INDETERMINATE.</param>
/// <param name="Reason">The first reason code, or null for VALID.</param>
/// <param name="Checks">The result of each check, in the order of <see cref="VectorExpectations.CheckOrder"/>.</param>
/// <param name="Why">The rule that decides it, for the reviewer.</param>
public sealed record VectorExpectation(string Name, string Verdict, string? Reason, IReadOnlyList<string> Checks, string Why);
