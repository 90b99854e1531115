using System.Text.Json;
using System.Text.Json.Nodes;
using ELicense.Core.Licenses;
using ELicense.Testing;
using Json.Schema;
using Xunit;

namespace ELicense.Core.Tests.Licenses;

/// <summary>The published JSON Schema (docs/schemas/catalogue.schema.json), checked by a validator we did not write, agrees with the files the code reads and writes.</summary>
public sealed class CatalogueSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schemas", "catalogue.schema.json")));

    [Fact]
    public void The_national_base_file_and_what_the_code_writes_conform_to_the_schema()
    {
        var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "ELicense.Core", "Licenses", "national-base.catalogue.json")));
        var written = JsonNode.Parse(CatalogueJson.Write([.. LicenceCatalogue.NationalBase.All, ProvinceTypes.ResidencePermit(1), ProvinceTypes.ResidencePermit(2)]));

        AssertValid(shipped);
        AssertValid(written);
    }

    [Fact]
    public void The_example_definition_in_the_docs_reads_and_conforms()
    {
        var example = File.ReadAllBytes(Path.Combine(RepositoryPaths.Docs, "examples", "residence-permit.type.json"));

        Assert.True(CatalogueJson.TryReadType(example, out var type, out var errors), string.Join("; ", errors.Select(e => e.Field)));
        Assert.Equal("js-residence-permit", type!.Key);
        AssertValid(new JsonObject { ["format"] = 1, ["types"] = new JsonArray(JsonNode.Parse(example)) });
    }

    [Theory]
    [InlineData("\"kind\": \"choice\", \"choices\": [\"男\", \"女\"]", "\"kind\": \"choice\"")]
    [InlineData("\"kind\": \"date\"", "\"kind\": \"colour\"")]
    [InlineData("\"version\": 1", "\"version\": 0")]
    [InlineData("\"accent\": \"#6A1B9A\"", "\"accent\": \"purple\"")]
    public void A_definition_the_code_refuses_the_schema_refuses_too(string from, string to)
    {
        var json = ProvinceTypes.ResidencePermitJson(1).Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(ProvinceTypes.ResidencePermitJson(1), json);

        Assert.False(CatalogueJson.TryReadType(System.Text.Encoding.UTF8.GetBytes(json), out _, out _));
        var file = new JsonObject { ["format"] = 1, ["types"] = new JsonArray(JsonNode.Parse(json)) };
        Assert.False(Schema.Evaluate(JsonSerializer.SerializeToElement(file)).IsValid);
    }

    private static void AssertValid(JsonNode? document)
    {
        var result = Schema.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }
}
