using System.Net;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Auth;
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

        await Requests.PostAsync(fixture.Host.Client(Tokens.IssuerOf("id-card")), Requests.For(LicenceCatalogue.IdCard));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("elicense_licences_issued", metrics);
        Assert.Contains("elicense_issue_duration", metrics);
    }

    [Fact]
    public async Task QR_images_in_PNG_and_SVG_carry_the_licence_payload()
    {
        var client = fixture.Host.Client(Tokens.IssuerOf("road-transport-permit"));
        var issued = await Requests.JsonAsync(await Requests.PostAsync(client, Requests.For(LicenceCatalogue.RoadTransportPermit)));
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
