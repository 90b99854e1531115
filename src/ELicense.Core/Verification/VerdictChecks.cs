using System.Text.Json;
using System.Text.Json.Serialization;
using ELicense.Core.Reasons;

namespace ELicense.Core.Verification;

/// <summary>The result of each check, in the shape of DESIGN §9.</summary>
public sealed record VerdictChecks(
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Format,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Identifier,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Signature,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Chain,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult KeyState,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Validity,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Status,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Freshness,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Content)
{
    /// <summary>Builds the record from results indexed by <see cref="CheckName"/>.</summary>
    public static VerdictChecks From(IReadOnlyList<CheckResult> results)
        => new(results[0], results[1], results[2], results[3], results[4], results[5], results[6], results[7], results[8]);

    /// <summary>The result of one check.</summary>
    public CheckResult this[CheckName check] => check switch
    {
        CheckName.Format => Format,
        CheckName.Identifier => Identifier,
        CheckName.Signature => Signature,
        CheckName.Chain => Chain,
        CheckName.KeyState => KeyState,
        CheckName.Validity => Validity,
        CheckName.Status => Status,
        CheckName.Freshness => Freshness,
        CheckName.Content => Content,
        _ => throw new ArgumentOutOfRangeException(nameof(check)),
    };
}

/// <summary>Writes check results as <c>ok</c>, <c>failed</c>, <c>indeterminate</c>, <c>not_checked</c>.</summary>
public sealed class CheckResultJsonConverter() : JsonStringEnumConverter<CheckResult>(JsonNamingPolicy.SnakeCaseLower);

/// <summary>Writes verdicts as <c>VALID</c>, <c>INVALID</c>, <c>INDETERMINATE</c>.</summary>
public sealed class VerdictKindJsonConverter() : JsonStringEnumConverter<VerdictKind>(JsonNamingPolicy.SnakeCaseUpper)
{
    /// <summary>The name a verdict has on the wire (VALID, INVALID, INDETERMINATE), for logs and traces that are not JSON.</summary>
    public static string Name(VerdictKind kind) => JsonNamingPolicy.SnakeCaseUpper.ConvertName(kind.ToString());
}
