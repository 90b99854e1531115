using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Testing;
using ELicense.Verifier.Tests.Pages;
using ELicense.Verifier.Tests.Support;
using Microsoft.Playwright;
using DevPkiFiles = ELicense.DevPki.DevPkiFiles;

namespace ELicense.Verifier.Tests;

/// <summary>
/// DESIGN §12 end to end with real processes: the 310000 service's administrator adds 上海市居住证, a 310000 issuer issues one,
/// and a Verifier configured for 320000 and 310000 answers VALID with the type's Chinese labels — through the API, the
/// counter page in Chromium and the offline CLI from a bundle fetched while 310000 was up and used after it stopped.
/// Version 2 adds a field; version-1 licences keep their labels. A type in no catalogue is INDETERMINATE, not INVALID.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class ProvinceCatalogueTests : IAsyncLifetime
{
    private readonly Province jiangsu = new(Settings("320000", "江苏省政务服务管理办公室"));
    private readonly Province shanghai = new(Settings("310000", "上海市政务服务管理办公室"));
    private RunningVerifier verifier = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(jiangsu.Process.StartAsync(), shanghai.Process.StartAsync());
        verifier = await RunningVerifier.StartAsync(jiangsu, [("320000", jiangsu.TrustListUrl), ("310000", shanghai.TrustListUrl)],
            new Dictionary<string, string> { ["Verifier:TrustRefreshInterval"] = "00:00:01" });
    }

    [Fact]
    public async Task A_new_province_type_and_its_versions_verify_with_their_own_labels_online_on_the_counter_page_and_offline()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddTypeAsync(ProvinceTypes.ResidencePermitJson(1))).StatusCode);
        var first = await IssueAsync(1);

        await Poll.UntilAsync(async () => RunningVerifier.Describe(await verifier.VerifyAsync(first)) == "VALID", TimeSpan.FromSeconds(30),
            () => "the Verifier did not take 310000's catalogue");
        var verdict = await verifier.VerifyAsync(first);
        Assert.Equal("上海市居住证", verdict.GetProperty("licence").GetProperty("typeNameZh").GetString());
        Assert.Equal(["性别", "出生日期", "户籍地", "居住地址", "居住证类别", "居住证号码"], Labels(verdict));

        // Version 2 adds a field; version 1 once used never changes.
        Assert.Equal(HttpStatusCode.Created, (await AddTypeAsync(ProvinceTypes.ResidencePermitJson(2))).StatusCode);
        var changed = await AddTypeAsync(ProvinceTypes.ResidencePermitJson(1).Replace("\"maxLength\": 80", "\"maxLength\": 90", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
        Assert.Contains("immutable", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var second = await IssueAsync(2);
        await Poll.UntilAsync(async () => RunningVerifier.Describe(await verifier.VerifyAsync(second)) == "VALID", TimeSpan.FromSeconds(30),
            () => "the Verifier did not take version 2");
        Assert.Contains("就业单位", Labels(await verifier.VerifyAsync(second)));
        Assert.DoesNotContain("就业单位", Labels(await verifier.VerifyAsync(first)));
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(first)));

        await CounterPageShowsLabelsAsync(second);

        // Offline: a bundle fetched while 310000 is up verifies after it stopped, with the labels.
        var folder = Directory.CreateTempSubdirectory("elicense-catalogue-offline-").FullName;
        var bundle = Path.Combine(folder, "trust.zip");
        using var cli = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000", ["Verifier:Provinces:0:TrustListUrl"] = jiangsu.TrustListUrl,
            ["Verifier:Provinces:1:Region"] = "310000", ["Verifier:Provinces:1:TrustListUrl"] = shanghai.TrustListUrl,
            ["Verifier:CacheFolder"] = Path.Combine(folder, "cache"),
        });
        var fetch = await cli.RunCommandAsync("trust", "fetch", "--out", bundle);
        Assert.True(fetch.ExitCode == 0, fetch.Output);
        shanghai.Process.Stop();
        var offline = await cli.RunCommandAsync("verify", second, "--trust", bundle);
        Assert.True(offline.ExitCode == 0, offline.Output);
        Assert.Contains("上海市居住证", offline.Output, StringComparison.Ordinal);
        Assert.Contains("就业单位 (Employer): 上海某某科技有限公司", offline.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_genuine_licence_of_a_type_in_no_catalogue_is_INDETERMINATE_TYPE_UNKNOWN()
    {
        // Signed with the real 320000 development key, under a type code no catalogue defines, on a live status entry.
        var genuine = await jiangsu.IssueAsync();
        Assert.True(QrPayloadCodec.TryDecode(genuine, DecodeLimits.Default, out var decoded, out _));
        var payload = decoded!.Payload;
        var unknown = payload with
        {
            TypeCode = "11100000000013338W099",
            Identifier = LicenceIdentifier.Create("11100000000013338W099", payload.Issuer.AuthorityCode, LicenceIdentifier.NewSerial(DateTimeOffset.UtcNow)).ToString(),
        };
        var text = QrPayloadCodec.Encode(unknown, DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2).SignerFor("320000"));

        var verdict = await verifier.VerifyAsync(text);

        Assert.Equal("INDETERMINATE TYPE_UNKNOWN", RunningVerifier.Describe(verdict));
        Assert.Equal("ok", verdict.GetProperty("checks").GetProperty("signature").GetString());
        Assert.Equal("indeterminate", verdict.GetProperty("checks").GetProperty("content").GetString());
    }

    public Task DisposeAsync()
    {
        verifier.Dispose();
        jiangsu.Dispose();
        shanghai.Dispose();
        return Task.CompletedTask;
    }

    private async Task CounterPageShowsLabelsAsync(string qr)
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.PageAsync(verifier.Process.BaseAddress);
        await page.GotoAsync(new Uri(verifier.Process.BaseAddress, "/#token=" + verifier.Client.DefaultRequestHeaders.Authorization!.Parameter).ToString());
        await page.FillAsync("#text", qr);
        await page.PressAsync("#text", "Enter");
        await Assertions.Expect(page.Locator("#card")).ToHaveClassAsync("card valid", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("上海市居住证");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("居住证类别");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("就业单位");
    }

    private async Task<HttpResponseMessage> AddTypeAsync(string definition)
    {
        using var client = new HttpClient { BaseAddress = shanghai.Process.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await shanghai.TokenAsync("admin"));
        return await client.PostAsync("/api/v1/catalogue/types", new StringContent(definition, Encoding.UTF8, "application/json"));
    }

    private async Task<string> IssueAsync(int version)
    {
        using var client = new HttpClient { BaseAddress = shanghai.Process.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await shanghai.TokenAsync("issuer", ProvinceTypes.ResidencePermitKey));
        var holder = Some.Holder(BaseTypes.IdCard);
        var response = await client.PostAsJsonAsync("/api/v1/licences", new
        {
            type = ProvinceTypes.ResidencePermitKey,
            holder = new { name = holder.Name, idNumber = holder.IdNumber },
            fields = ProvinceTypes.ResidencePermitFields(version),
            validUntil = DateTimeOffset.UtcNow.AddYears(2),
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("qr").GetString()!;
    }

    private static List<string> Labels(JsonElement verdict)
        => [.. verdict.GetProperty("licence").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("labelZh").GetString()!)];

    private static Dictionary<string, string> Settings(string region, string name) => new()
    {
        ["Province:RegionCode"] = region,
        ["Province:AuthorityName"] = name,
        ["Province:AuthorityCode"] = UnifiedSocialCreditCode.Complete("11" + region + "MB0000001"),
    };
}
