using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELicense.Core.Reasons;

/// <summary>Writes and reads <see cref="ReasonCode"/> as SCREAMING_SNAKE_CASE text.</summary>
public sealed class ReasonCodeJsonConverter : JsonConverter<ReasonCode>
{
    internal static readonly string[] Names = Enum.GetNames<ReasonCode>().Select(n => JsonNamingPolicy.SnakeCaseUpper.ConvertName(n)).ToArray();

    public override ReasonCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var index = Array.IndexOf(Names, reader.GetString());
        return index >= 0 ? (ReasonCode)index : throw new JsonException($"Unknown reason code '{reader.GetString()}'.");
    }

    public override void Write(Utf8JsonWriter writer, ReasonCode value, JsonSerializerOptions options) => writer.WriteStringValue(Names[(int)value]);
}
