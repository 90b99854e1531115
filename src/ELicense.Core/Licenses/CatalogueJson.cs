using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELicense.Core.Licenses;

/// <summary>
/// The catalogue file format (docs/catalogue.md, docs/schemas/catalogue.schema.json): a JSON object
/// <c>{ "format": 1, "types": [ definition, ... ] }</c>, and a single definition as the admin API takes
/// it. Reading is strict and bounded (size, depth, no unknown members) and reports every bad field at
/// once with its path (<c>types[2].fields[0].choices</c>); writing is deterministic, so two equal
/// definitions write the same bytes. Never throws for bad input.
/// </summary>
public static class CatalogueJson
{
    /// <summary>The file format version this code reads and writes.</summary>
    public const int Format = 1;

    /// <summary>The largest catalogue accepted (bytes): 2,000 definitions of 40 fields stay below it.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The most definitions one catalogue holds.</summary>
    public const int MaxTypes = 5_000;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        MaxDepth = 8,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a catalogue file.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out IReadOnlyList<LicenceType> types, out IReadOnlyList<FieldError> errors)
    {
        types = [];
        if (!TryDeserialize<CatalogueFile>(json, out var file, out errors))
        {
            return false;
        }

        var found = new List<FieldError>();
        if (file!.Format != Format)
        {
            found.Add(new FieldError("format", "version", $"Only catalogue format {Format} is read.", $"只支持第 {Format} 版目录格式。"));
        }

        var list = file.Types ?? [];
        if (list.Count > MaxTypes)
        {
            found.Add(new FieldError("types", "too_long", $"A catalogue holds at most {MaxTypes} definitions.", $"目录最多 {MaxTypes} 个证照类型定义。"));
            list = [];
        }

        var read = new List<LicenceType>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (LicenceTypeRules.Check(list[i], $"types[{i}].", found) is { } type)
            {
                read.Add(type);
            }
        }

        if (found.Count == 0 && LicenceCatalogue.Conflict(read) is { } conflict)
        {
            found.Add(new FieldError("types", "conflict", conflict, "目录中的类型代码、版本或简称重复或不一致。"));
        }

        errors = found;
        types = found.Count == 0 ? read : [];
        return found.Count == 0;
    }

    /// <summary>Reads one definition, as the admin API takes it.</summary>
    public static bool TryReadType(ReadOnlySpan<byte> json, [NotNullWhen(true)] out LicenceType? type, out IReadOnlyList<FieldError> errors)
    {
        type = null;
        if (!TryDeserialize<LicenceTypeJson>(json, out var dto, out errors))
        {
            return false;
        }

        var found = new List<FieldError>();
        type = LicenceTypeRules.Check(dto!, "", found);
        errors = found;
        return type is not null;
    }

    /// <summary>Writes a catalogue file.</summary>
    public static byte[] Write(IEnumerable<LicenceType> types)
        => JsonSerializer.SerializeToUtf8Bytes(new CatalogueFile(Format, [.. types.Select(LicenceTypeRules.ToJson)]), Options);

    /// <summary>Writes one definition; equal definitions write equal bytes.</summary>
    public static byte[] WriteType(LicenceType type) => JsonSerializer.SerializeToUtf8Bytes(LicenceTypeRules.ToJson(type), Options);

    /// <summary>Whether two definitions say the same (what "a used version never changes" compares).</summary>
    public static bool SameDefinition(LicenceType a, LicenceType b) => WriteType(a).AsSpan().SequenceEqual(WriteType(b));

    internal static LicenceCatalogue ReadNationalBase()
    {
        using var stream = typeof(CatalogueJson).Assembly.GetManifestResourceStream("ELicense.Core.national-base.catalogue.json")
            ?? throw new InvalidOperationException("The national base catalogue is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return TryRead(buffer.ToArray(), out var types, out var errors)
            ? new LicenceCatalogue(types)
            : throw new InvalidOperationException("The national base catalogue is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    private static bool TryDeserialize<T>(ReadOnlySpan<byte> json, out T? value, out IReadOnlyList<FieldError> errors)
        where T : class
    {
        value = null;
        if (json.Length > MaxBytes)
        {
            errors = [new FieldError("", "too_long", $"A catalogue is at most {MaxBytes} bytes.", $"目录不得超过 {MaxBytes} 字节。")];
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 2 } p ? p[2..] : "";
            errors = [new FieldError(path, "format", $"The JSON is not a valid definition at '{path}'.", $"“{path}”处的 JSON 不符合目录格式。")];
            return false;
        }

        errors = value is null ? [new FieldError("", "required", "The body must be a JSON object.", "请求体应为 JSON 对象。")] : [];
        return value is not null;
    }
}

internal sealed record CatalogueFile(int Format, IReadOnlyList<LicenceTypeJson>? Types);

internal sealed record Names(string? Zh, string? En);

internal sealed record HolderJson(string? IdType, string? NameLabel, string? IdLabel);

internal sealed record LayoutJson(string? Title, string? Accent);

internal sealed record FieldJson(
    string? Key, Names? Label, string? Kind, bool? Required = null, int? MaxLength = null, IReadOnlyList<string>? Choices = null,
    string? Pattern = null, string? Mask = null, string? HolderIdAgreement = null);

internal sealed record LicenceTypeJson(
    string? Key, string? Code, int? Version, Names? Name, HolderJson? Holder, int? LongestValidityDays,
    IReadOnlyList<FieldJson>? Fields, IReadOnlyList<string>? PresentedByDefault, LayoutJson? Layout);
