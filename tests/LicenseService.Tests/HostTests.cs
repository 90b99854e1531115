using System.Net;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Commands;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests;

/// <summary>What operators and tools see: health, OpenAPI, API browser, metrics, QR images, the token command.</summary>
public sealed class HostTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    [Fact]
    public async Task Health_OpenAPI_docs_and_metrics_are_served()
    {
        var client = fixture.Host.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/v1/licences\"", openApi);
        Assert.Contains("\"/api/v1/licences:batch\"", openApi);
        Assert.Contains("\"/api/v1/licences/{id}/pdf\"", openApi);
        Assert.Contains("<html", await client.GetStringAsync("/docs"), StringComparison.OrdinalIgnoreCase);

        await Requests.PostAsync(fixture.Host.Client(Tokens.IssuerOf("id-card")), Requests.For(BaseTypes.IdCard));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("elicense_licences_issued", metrics);
        Assert.Contains("elicense_issue_duration", metrics);
    }

    /// <summary>The typed results of the endpoints give the OpenAPI document each answer's schema; nothing lists them by hand.</summary>
    [Theory]
    [InlineData("/api/v1/licences", "post", "201", "IssuedLicence")]
    [InlineData("/api/v1/licences", "post", "200", "IssuedLicence")]
    [InlineData("/api/v1/licences/{id}", "get", "200", "LicenceView")]
    [InlineData("/api/v1/licences/{id}/revoke", "post", "200", "StatusChange")]
    [InlineData("/api/v1/keys", "get", "200", "KeyList")]
    [InlineData("/api/v1/keys/rotations", "post", "201", "KeyView")]
    [InlineData("/api/v1/keys/{kid}/revoke", "post", "200", "KeyView")]
    [InlineData("/api/v1/keys/audit", "get", "200", "KeyAuditRecord")]
    [InlineData("/api/v1/keys/{kid}/reissue", "get", "200", "ReissueView")]
    [InlineData("/api/v1/authorities", "get", "200", "IssuingAuthority")]
    [InlineData("/api/v1/authorities", "post", "201", "IssuingAuthority")]
    [InlineData("/api/v1/wallet/licences", "get", "200", "WalletLicence")]
    [InlineData("/api/v1/wallet/licences/{id}/presentations", "post", "201", "Presentation")]
    [InlineData("/api/v1/status-lists", "get", "200", "StatusListIndex")]
    public async Task The_OpenAPI_document_states_each_answers_schema_from_the_endpoints_result_types(string path, string method, string status, string schema)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await fixture.Host.Client(null).GetStringAsync("/openapi/v1.json"));
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var response), $"{method} {path} declares no {status}");
        var body = response.GetProperty("content").EnumerateObject().Single(c => c.Name.StartsWith("application/json", StringComparison.Ordinal)).Value.GetProperty("schema");
        var named = body.TryGetProperty("items", out var items) ? items : body;
        Assert.Equal("#/components/schemas/" + schema, named.GetProperty("$ref").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/wallet/")]
    [InlineData("/api/v1/licences/nothing")]
    public async Task Pages_and_API_answers_carry_the_content_security_policy_nosniff_and_no_referrer(string path)
    {
        using var response = await fixture.Host.Client(null).GetAsync(path);

        Assert.Equal("default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("/shared/page.js", "text/javascript", "function startPage(")]
    [InlineData("/shared/page.css", "text/css", "--accent")]
    public async Task The_web_assets_both_pages_share_are_served_from_one_copy(string path, string mediaType, string content)
    {
        using var response = await fixture.Host.Client(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wallet = await (await fixture.Host.Client(null).GetAsync("/wallet/")).Content.ReadAsStringAsync();
        Assert.Contains($"\"{path}\"", wallet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_browser_has_its_own_policy_that_still_allows_only_this_service_and_no_framing()
    {
        using var response = await fixture.Host.Client(null).GetAsync("/docs/");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHeaders.ApiReferencePolicy, policy);
        Assert.StartsWith("default-src 'self';", policy, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task With_a_management_role_metrics_OpenAPI_and_docs_answer_401_without_a_token_403_without_the_role_and_200_with_it()
    {
        using var host = new ServiceHost(extra: new Dictionary<string, string?> { ["Management:RequireRole"] = Roles.Admin });
        var anonymous = host.Client(null);
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        var admin = host.Client(Tokens.Admin());

        foreach (var path in new[] { "/metrics", "/openapi/v1.json", "/docs/" })
        {
            var unauthorized = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
            var forbidden = await issuer.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task QR_images_in_PNG_and_SVG_carry_the_licence_payload()
    {
        var client = fixture.Host.Client(Tokens.IssuerOf("road-transport-permit"));
        var issued = await Requests.JsonAsync(await Requests.PostAsync(client, Requests.For(BaseTypes.RoadTransportPermit)));
        var links = issued.GetProperty("links");

        var png = await client.GetAsync(links.GetProperty("qrPng").GetString());
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var folder = Directory.CreateTempSubdirectory("elicense-qr-").FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "qr.png"), await png.Content.ReadAsByteArrayAsync());
        Assert.Equal(issued.GetProperty("qr").GetString(), ExternalTool.Run("zbarimg", folder, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", "qr.png").Output.Trim());

        var svg = await client.GetAsync(links.GetProperty("qrSvg").GetString());
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await svg.Content.ReadAsStringAsync());
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--sub")]
    [InlineData("--sub x --role emperor")]
    [InlineData("--sub x --role issuer --minutes 0")]
    [InlineData("--sub x --role issuer --colour red")]
    public void Token_command_refuses_bad_arguments_with_exit_code_3(string commandLine)
    {
        var arguments = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var error = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            Assert.Equal(3, DevTokenCommand.Run(arguments));
        }
        finally
        {
            Console.SetError(error);
        }

        Assert.StartsWith("error: ", captured.ToString());
        Assert.DoesNotContain("   at ", captured.ToString());
    }
}
