using System.Text.Json.Serialization;

namespace ELicense.Core.Reasons;

/// <summary>One reason in a verdict: the stable code, and words a counter clerk understands in both languages.</summary>
public sealed record Reason(
    [property: JsonConverter(typeof(ReasonCodeJsonConverter))] ReasonCode Code,
    string Message,
    string MessageZh)
{
    /// <summary>The code as it is written in JSON and documents (<c>SIGNATURE_INVALID</c>).</summary>
    public static string CodeText(ReasonCode code) => ReasonCodeJsonConverter.Names[(int)code];
}
