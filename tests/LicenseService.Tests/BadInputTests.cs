using ELicense.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Tests.Support;

namespace ELicense.LicenseService.Tests;

/// <summary>Every rejected request answers Problem Details (English and Chinese) and stores nothing.</summary>
public sealed class BadInputTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Missing_and_invalid_fields_answer_400_listing_every_bad_field_in_both_languages()
    {
        var valid = Requests.For(BaseTypes.IdCard);
        var fields = new Dictionary<string, string>(valid.Fields!) { ["sex"] = "X", ["birthDate"] = "1990-13-45", ["nickname"] = "小明" };
        fields.Remove("address");
        var bad = valid with { Holder = valid.Holder! with { IdNumber = "110105194912310021" }, Fields = fields };

        var problem = await ExpectRejected(Tokens.IssuerOf("id-card"), bad, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var paths = errors.Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "holder.idNumber", "fields.sex", "fields.birthDate", "fields.nickname", "fields.address" }, paths);
        Assert.All(errors, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString()));
            Assert.Contains(e.GetProperty("messageZh").GetString()!, c => c > 0x2E80);
        });
        Assert.Equal("urn:elicense:problem:validation", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("titleZh").GetString()));
    }

    [Fact]
    public async Task Unknown_type_answers_400()
    {
        var problem = await ExpectRejected(Tokens.IssuerOf("id-card"), Requests.For(BaseTypes.IdCard) with { Type = "driving-licence" }, HttpStatusCode.BadRequest);
        Assert.Equal("type", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{\"type\": \"id-card\", \"holder\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"type\": \"id-card\", \"fields\": {\"sex\": 5}}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Malformed_JSON_answers_400(string body)
    {
        var problem = await ExpectRejected(Tokens.IssuerOf("id-card"), new StringContent(body, Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        Assert.Equal("json", problem.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Missing_expired_or_foreign_tokens_answer_401()
    {
        var request = Requests.For(BaseTypes.IdCard);
        foreach (var token in new[] { null, Tokens.Expired("id-card"), Tokens.ForeignlySigned("id-card"), "not.a.token" })
        {
            var problem = await ExpectRejected(token, request, HttpStatusCode.Unauthorized);
            Assert.Equal("urn:elicense:problem:unauthorized", problem.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Issuer_token_for_another_type_or_a_citizen_token_answers_403()
    {
        await ExpectRejected(Tokens.IssuerOf("business-licence"), Requests.For(BaseTypes.IdCard), HttpStatusCode.Forbidden);
        await ExpectRejected(Tokens.Citizen("11010519491231002X"), Requests.For(BaseTypes.IdCard), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Oversized_body_answers_413()
    {
        var huge = Requests.For(BaseTypes.IdCard) with { Fields = new Dictionary<string, string> { ["address"] = new string('路', 100_000) } };
        await ExpectRejected(Tokens.IssuerOf("id-card"), huge, HttpStatusCode.RequestEntityTooLarge);

        // Without Content-Length the limit holds while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 200_000) + "{}")));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await ExpectRejected(Tokens.IssuerOf("id-card"), new ChunkedContent(chunked), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("256")]
    public async Task Bad_idempotency_key_answers_400(string key)
    {
        // "256" stands for a key one character longer than allowed.
        key = key == "256" ? new string('k', 256) : key;
        var client = Host.Client(Tokens.IssuerOf("id-card"));
        var before = await Host.CountAsync("licence");
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences") { Content = System.Net.Http.Json.JsonContent.Create(Requests.For(BaseTypes.IdCard)) };
        message.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await client.SendAsync(message);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await Host.CountAsync("licence"));
    }

    [Fact]
    public async Task Unknown_licence_and_bad_QR_format_answer_4xx()
    {
        var client = Host.Client(Tokens.Admin());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/licences/1.2.156.3005.2.nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/licences/" + new string('9', 5000) + "/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/licences/x/qr?format=gif")).StatusCode);
    }

    private async Task<System.Text.Json.JsonElement> ExpectRejected(string? token, object body, HttpStatusCode expected)
    {
        var client = Host.Client(token);
        var before = await Host.CountAsync("licence");
        var content = body as HttpContent ?? System.Net.Http.Json.JsonContent.Create(body, options: ApiJson.Options);
        using var response = await client.PostAsync("/api/v1/licences", content);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await Host.CountAsync("licence"));
        return await Requests.JsonAsync(response);
    }

    /// <summary>Sends its content without Content-Length.</summary>
    private sealed class ChunkedContent(HttpContent inner) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
