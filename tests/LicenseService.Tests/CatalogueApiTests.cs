using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Trust;
using ELicense.DevPki;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ELicense.LicenseService.Tests;

/// <summary>
/// DESIGN §12 on the issuing side: an administrator adds a province type and versions of it; a published version never
/// changes; bad definitions answer 400 with every field error and store nothing; issuers issue under the newest version;
/// the catalogue is published signed, beside the trust list.
/// </summary>
public sealed class CatalogueApiTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    private const string Code = ProvinceTypes.JiangsuPermitCode;
    private const string Key = ProvinceTypes.JiangsuPermitKey;

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_type_is_added_issued_under_versioned_and_its_published_version_never_changes()
    {
        using var admin = Host.Client(Tokens.Admin());
        var created = await Post(admin, ProvinceTypes.ResidencePermitJson(1, Code, Key));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/catalogue/types/{Key}", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await Post(admin, ProvinceTypes.ResidencePermitJson(1, Code, Key))).StatusCode);

        var first = await IssueAsync(1);
        Assert.Equal(1, first.TypeVersion);

        // Changing version 1 once published (and used): 400, and version 1 stays as it was.
        var changed = ProvinceTypes.ResidencePermitJson(1, Code, Key).Replace("上海市居住证", "居住证（改）", StringComparison.Ordinal);
        var refused = await Post(admin, changed);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(Errors(await refused.Content.ReadAsStringAsync()), e => e == "version:immutable");
        var versions = await admin.GetStringAsync($"/api/v1/catalogue/types/{Key}");
        Assert.Contains("上海市居住证", versions, StringComparison.Ordinal);
        Assert.DoesNotContain("居住证（改）", versions, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await Post(admin, ProvinceTypes.ResidencePermitJson(2, Code, Key))).StatusCode);
        var second = await IssueAsync(2);
        Assert.Equal((2, "上海某某科技有限公司"), (second.TypeVersion, second.Fields["employer"]));

        // The v1 licence is still served and rendered under its own version.
        using var issuer = Host.Client(Tokens.IssuerOf(Key));
        var pdf = await issuer.GetAsync($"/api/v1/licences/{first.Identifier}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
    }

    [Fact]
    public async Task A_bad_definition_answers_400_with_every_field_error_and_stores_nothing()
    {
        using var admin = Host.Client(Tokens.Admin());
        var before = await admin.GetStringAsync("/api/v1/catalogue/types");
        var bad = ProvinceTypes.ResidencePermitJson(1, "11320000014000158N007", "js-bad")
            .Replace("\"key\": \"birthDate\"", "\"key\": \"sex\"", StringComparison.Ordinal)
            .Replace("\"kind\": \"region-code\"", "\"kind\": \"colour\"", StringComparison.Ordinal)
            .Replace("\"choices\": [\"人才类\", \"一般类\"]", "\"choices\": []", StringComparison.Ordinal);

        var answer = await Post(admin, bad);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Superset(new HashSet<string> { "fields[1].key:duplicate", "fields[2].kind:choice", "fields[4].choices:format" }, Errors(body).ToHashSet());
        Assert.Contains("titleZh", body, StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync("/api/v1/catalogue/types"));
    }

    [Theory]
    [InlineData(ProvinceTypes.ResidencePermitCode, "sh-permit", 1, "code:region")]
    [InlineData("11100000000013338W001", "id-card", 2, "code:national")]
    [InlineData("11320000014000158N008", "js-gap", 3, "version:sequence")]
    [InlineData("11320000014000158N009", "id-card", 1, "key:conflict")]
    public async Task A_definition_the_province_may_not_add_answers_400(string code, string key, int version, string expected)
    {
        using var admin = Host.Client(Tokens.Admin());

        var answer = await Post(admin, ProvinceTypes.ResidencePermitJson(version, code, key));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(expected, Errors(await answer.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Only_an_administrator_adds_types_and_a_definition_planted_in_the_store_is_never_used()
    {
        using var issuer = Host.Client(Tokens.IssuerOf("id-card"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(issuer, ProvinceTypes.ResidencePermitJson(1, "11320000014000158N010", "js-other"))).StatusCode);

        var planted = ProvinceTypes.ResidencePermitJson(1, "11320000014000158N011", "js-planted");
        await Host.Store.HashSetAsync("elicense:320000:catalogue", "11320000014000158N011:1", "kek:AAAA\n" + planted);
        using var admin = Host.Client(Tokens.Admin());
        Assert.DoesNotContain("js-planted", await admin.GetStringAsync("/api/v1/catalogue/types"), StringComparison.Ordinal);
        using var plantedIssuer = Host.Client(Tokens.IssuerOf("js-planted"));
        var issue = await plantedIssuer.PostAsJsonAsync("/api/v1/licences", Requests.For(BaseTypes.IdCard) with { Type = "js-planted" });
        Assert.Equal(HttpStatusCode.BadRequest, issue.StatusCode);
    }

    [Fact]
    public async Task The_catalogue_is_published_signed_beside_the_trust_list_and_cached_by_ETag()
    {
        using var anonymous = Host.Client(null);
        var answer = await anonymous.GetAsync("/.well-known/elicense/catalogue");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(CatalogueDocumentCodec.Type, answer.Content.Headers.ContentType!.MediaType);
        var roots = new CertificateChainValidator(
            [DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2).Root.Certificate, DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Rsa).Root.Certificate]);
        Assert.True(CatalogueDocumentCodec.TryVerify(await answer.Content.ReadAsByteArrayAsync(), roots, DateTimeOffset.UtcNow, out var document, out var error), error);
        Assert.Equal("320000", document!.Region);
        Assert.True(document.Types.Count >= 6);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/.well-known/elicense/catalogue");
        again.Headers.TryAddWithoutValidation("If-None-Match", answer.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task A_type_valid_for_30_years_lengthens_the_document_signer_certificates_made_after_it()
    {
        using var admin = Host.Client(Tokens.Admin());
        var before = await RotateAsync(admin, "SM2");
        var thirtyYears = ProvinceTypes.ResidencePermitJson(1, "11320000014000158N020", "js-long-permit").Replace("\"longestValidityDays\": 1096", "\"longestValidityDays\": 10958", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await Post(admin, thirtyYears)).StatusCode);

        var after = await RotateAsync(admin, "RSA");

        // Rotation interval (90 d) + longest validity + retention (14 d): 20 years before, 30 years after.
        Assert.InRange(before - DateTimeOffset.UtcNow, TimeSpan.FromDays(7305 + 90), TimeSpan.FromDays(7305 + 90 + 20));
        Assert.InRange(after - DateTimeOffset.UtcNow, TimeSpan.FromDays(10958 + 90), TimeSpan.FromDays(10958 + 90 + 20));
    }

    /// <summary>Makes a pending key of the family (one per family: a second one is refused while the first is pending).</summary>
    private static async Task<DateTimeOffset> RotateAsync(HttpClient admin, string family)
    {
        var answer = await admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family });
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("notAfter").GetDateTimeOffset();
    }

    [Fact]
    public async Task A_definition_deleted_from_the_store_stays_published_and_a_sealed_value_of_another_province_is_refused()
    {
        using var admin = Host.Client(Tokens.Admin());
        Assert.Equal(HttpStatusCode.Created, (await Post(admin, ProvinceTypes.ResidencePermitJson(1, "11320000014000158N030", "js-deleted"))).StatusCode);
        using var anonymous = Host.Client(null);
        var published = await anonymous.GetByteArrayAsync("/.well-known/elicense/catalogue");
        var field = "11320000014000158N030:1";
        var sealedValue = (string)(await Host.Store.HashGetAsync("elicense:320000:catalogue", field))!;

        // Whoever can write the store deletes the definition; this replica keeps publishing the document that holds it.
        await Host.Store.HashDeleteAsync("elicense:320000:catalogue", field);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the replica did not read the store again");
            await Task.Delay(200);
            await Post(admin, "{}");
        }
        while ((await admin.GetStringAsync("/api/v1/catalogue/types")).Contains("js-deleted", StringComparison.Ordinal));
        Assert.Equal(published, await anonymous.GetByteArrayAsync("/.well-known/elicense/catalogue"));

        // The sealed value copied under another province's key (a KEK two provinces share) is not that province's definition.
        var otherRegion = new ELicense.LicenseService.Storage.CatalogueStore(Host.Store, "310000", Host.Services.GetRequiredService<ELicense.Core.Keys.KeyProtector>());
        await Host.Store.HashSetAsync("elicense:310000:catalogue", field, sealedValue);
        Assert.Equal((0, 1), ((await otherRegion.ReadAsync()).Types.Count, (await otherRegion.ReadAsync()).Ignored));
        await Host.Store.HashSetAsync("elicense:320000:catalogue", field, sealedValue);
    }

    private async Task<LicencePayload> IssueAsync(int version)
    {
        using var issuer = Host.Client(Tokens.IssuerOf(Key));
        var request = Requests.For(BaseTypes.IdCard) with { Type = Key, Fields = ProvinceTypes.ResidencePermitFields(version), ValidUntil = DateTimeOffset.UtcNow.AddYears(2) };
        var answer = await issuer.PostAsJsonAsync("/api/v1/licences", request);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Created, body);
        Assert.True(QrPayloadCodec.TryDecode(JsonDocument.Parse(body).RootElement.GetProperty("qr").GetString(), DecodeLimits.Default, out var decoded, out _));
        return decoded!.Payload;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string json)
        => client.PostAsync("/api/v1/catalogue/types", new StringContent(json, Encoding.UTF8, "application/json"));

    private static List<string> Errors(string problem)
        => [.. JsonDocument.Parse(problem).RootElement.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("field").GetString()}:{e.GetProperty("code").GetString()}")];
}
