using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests;

/// <summary>
/// DESIGN §12: a province issues through many authorities. Each licence's issuer, identifier, PDF 发证机关 and seal are its
/// authority's; an issuer of one authority cannot issue as another (403), nor read or change another's licence (404); an
/// authority outside the province is refused at registration. Reads by issuers are in the access log, without content.
/// </summary>
public sealed class AuthorityTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    private const string PublicSecurity = "11320000014000107E";
    private const string XuanwuCivilAffairs = "11320102014000211L";
    private const string SuzhouMarket = "11320500014000363D";

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Three_authorities_issue_each_under_its_own_name_code_and_seal()
    {
        await RegisterAsync();
        var cases = new (string Authority, string Type, string Name, string Centre)[]
        {
            (PublicSecurity, "id-card", "江苏省公安厅", "居民身份证专用章"),
            (XuanwuCivilAffairs, "marriage-certificate", "南京市玄武区民政局", "婚姻登记专用章"),
            (SuzhouMarket, "business-licence", "苏州市市场监督管理局", "电子证照专用章"),
        };

        foreach (var (authority, type, name, centre) in cases)
        {
            using var issuer = Host.Client(Tokens.IssuerFor(authority, type));
            var issued = await IssueAsync(issuer, type);
            Assert.True(QrPayloadCodec.TryDecode(issued.GetProperty("qr").GetString(), DecodeLimits.Default, out var decoded, out _));
            Assert.Equal((authority, name), (decoded!.Payload.Issuer.AuthorityCode, decoded.Payload.Issuer.AuthorityName));
            Assert.True(LicenceIdentifier.TryParse(decoded.Payload.Identifier, out var identifier, out _));
            Assert.Equal(authority, identifier!.AuthorityCode);

            var folder = Directory.CreateTempSubdirectory("elicense-authority-").FullName;
            var file = Path.Combine(folder, "licence.pdf");
            await File.WriteAllBytesAsync(file, await issuer.GetByteArrayAsync(issued.GetProperty("links").GetProperty("pdf").GetString()));
            var text = ExternalTool.Run("pdftotext", folder, "-enc", "UTF-8", file, "-").Output.Replace("\n", "", StringComparison.Ordinal);
            Assert.Contains("发证机关" + name, text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains(centre, text, StringComparison.Ordinal);
            Assert.Contains("Signature is Valid.", ExternalTool.Run("pdfsig", folder, file).Output, StringComparison.Ordinal);
            ExternalTool.Run("pdftoppm", folder, "-r", "150", "-png", file, Path.Combine(folder, "page"));
            Assert.Equal(issued.GetProperty("qr").GetString(), ExternalTool.Run("zbarimg", folder, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", Path.Combine(folder, "page-1.png")).Output.Trim());
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_issuer_of_one_authority_can_neither_issue_as_another_nor_read_or_suspend_its_licences()
    {
        await RegisterAsync();
        using var suzhou = Host.Client(Tokens.IssuerFor(SuzhouMarket, "business-licence"));
        var issued = await IssueAsync(suzhou, "business-licence");
        var id = Uri.EscapeDataString(issued.GetProperty("id").GetString()!);

        // The province's own authority (no claim) and another city's both issue business licences: neither sees Suzhou's.
        using var other = Host.Client(Tokens.IssuerOf("business-licence"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/licences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/licences/{id}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/licences/{id}/suspend", new { reason = "test" })).StatusCode);
        using var xuanwu = Host.Client(Tokens.IssuerFor(XuanwuCivilAffairs, "business-licence"));
        Assert.Equal(HttpStatusCode.NotFound, (await xuanwu.GetAsync($"/api/v1/licences/{id}/qr")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await suzhou.GetAsync($"/api/v1/licences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client(Tokens.Admin()).GetAsync($"/api/v1/licences/{id}")).StatusCode);

        // Naming another authority in the request, or acting for one never registered: 403, nothing issued.
        var asOther = Requests.For(BaseTypes.BusinessLicence) with { Authority = XuanwuCivilAffairs };
        var refused = await Requests.PostAsync(suzhou, asOther);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("authority", (await Requests.JsonAsync(refused)).GetProperty("errors")[0].GetProperty("field").GetString());
        using var unregistered = Host.Client(Tokens.IssuerFor("11330000002482000F", "business-licence"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Requests.PostAsync(unregistered, Requests.For(BaseTypes.BusinessLicence))).StatusCode);

        // Reads of content by issuers are in the access log: who, which licence, what was read; no content.
        var audit = string.Join("\n", (await Host.Store.ListRangeAsync("elicense:320000:audit:{audit-320000}")).Select(a => (string)a!));
        Assert.Contains($"\"subject\":\"{issued.GetProperty("id").GetString()}\"", audit, StringComparison.Ordinal);
        Assert.Contains("licence-read", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Requests.For(BaseTypes.BusinessLicence).Holder!.IdNumber!, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_authority_whose_code_sorts_before_its_parents_stays_registered_and_issues()
    {
        await RegisterAsync();
        using var admin = Host.Client(Tokens.Admin());
        const string Huqiu = "113205000140001078";
        var answer = await admin.PostAsJsonAsync("/api/v1/authorities", new { code = Huqiu, name = "苏州市虎丘区市场监督管理局", region = "320505", parent = SuzhouMarket });
        Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());

        Assert.Contains(Huqiu, await admin.GetStringAsync("/api/v1/authorities"), StringComparison.Ordinal);
        using var issuer = Host.Client(Tokens.IssuerFor(Huqiu, "business-licence"));
        Assert.Equal(Huqiu, (await IssueAsync(issuer, "business-licence")).GetProperty("id").GetString()!.Split('.')[6]);
    }

    [Fact]
    public async Task A_holder_reading_her_own_licence_is_not_in_the_access_log_whatever_other_roles_her_token_has()
    {
        using var issuer = Host.Client(Tokens.IssuerOf("id-card"));
        var idNumber = Requests.For(BaseTypes.IdCard).Holder!.IdNumber!;
        var id = Uri.EscapeDataString((await IssueAsync(issuer, "id-card")).GetProperty("id").GetString()!);
        using var holder = Host.Client(Tokens.CitizenWithRoles(idNumber, "verifier"));

        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync($"/api/v1/licences/{id}")).StatusCode);

        var audit = string.Join("\n", (await Host.Store.ListRangeAsync("elicense:320000:audit:{audit-320000}")).Select(a => (string)a!));
        Assert.DoesNotContain(idNumber, audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11310000002420500N", "上海市某局", "310101", "region:outside_province")]
    [InlineData("11320500014000363X", "苏州市某局", "320500", "code:check_character")]
    [InlineData("113205000140003806", "苏州市某局", "999999", "region:format")]
    [InlineData("113205000140003806", "", "320500", "name:required")]
    public async Task An_authority_that_cannot_be_registered_answers_400_and_nothing_is_stored(string code, string name, string region, string expected)
    {
        using var admin = Host.Client(Tokens.Admin());
        var before = await admin.GetStringAsync("/api/v1/authorities");

        var answer = await admin.PostAsJsonAsync("/api/v1/authorities", new { code, name, region });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var errors = (await Requests.JsonAsync(answer)).GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("field").GetString()}:{e.GetProperty("code").GetString()}");
        Assert.Contains(expected, errors);
        Assert.Equal(before, await admin.GetStringAsync("/api/v1/authorities"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.Client(Tokens.IssuerOf("id-card")).PostAsJsonAsync("/api/v1/authorities", new { code, name, region })).StatusCode);
    }

    private async Task RegisterAsync()
    {
        using var admin = Host.Client(Tokens.Admin());
        object[] authorities =
        [
            new { code = PublicSecurity, name = "江苏省公安厅", region = "320000", seal = new { centre = "居民身份证专用章" } },
            new { code = XuanwuCivilAffairs, name = "南京市玄武区民政局", region = "320102", seal = new { centre = "婚姻登记专用章" } },
            new { code = SuzhouMarket, name = "苏州市市场监督管理局", region = "320500" },
        ];
        foreach (var authority in authorities)
        {
            var answer = await admin.PostAsJsonAsync("/api/v1/authorities", authority);
            Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        }
    }

    private static async Task<JsonElement> IssueAsync(HttpClient issuer, string type)
    {
        var request = Requests.For(ELicense.Core.Licenses.LicenceCatalogue.NationalBase.Find(type)!);
        using var response = await Requests.PostAsync(issuer, request, "authority-" + Guid.NewGuid());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Requests.JsonAsync(response);
    }
}
