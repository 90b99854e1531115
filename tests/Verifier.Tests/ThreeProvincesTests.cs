using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using DevPkiFiles = ELicense.DevPki.DevPkiFiles;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;

namespace ELicense.Verifier.Tests;

/// <summary>
/// End to end with real processes: LicenseService for 320000, 310000 and 330000, each with its own
/// store and keys, and one Verifier that knows only the development roots and their three
/// trust-list URLs.
/// </summary>
public sealed class ThreeProvincesTests : IAsyncLifetime
{
    private static readonly (string Code, string Name)[] Codes = [("320000", "江苏省政务服务管理办公室"), ("310000", "上海市政务服务管理办公室"), ("330000", "浙江省政务服务管理办公室")];
    private readonly Dictionary<string, Province> provinces = [];
    private ServiceProcess verifier = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        foreach (var (code, name) in Codes)
        {
            provinces[code] = new Province(new Dictionary<string, string>
            {
                ["Province:RegionCode"] = code,
                ["Province:AuthorityName"] = name,
                ["Province:AuthorityCode"] = UnifiedSocialCreditCode.Complete("11" + code + "MB0000001"),
            });
        }

        await Task.WhenAll(provinces.Values.Select(p => p.Process.StartAsync()));
        var settings = new Dictionary<string, string> { ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-verifier-").FullName };
        for (var i = 0; i < Codes.Length; i++)
        {
            settings[$"Verifier:Provinces:{i}:Region"] = Codes[i].Code;
            settings[$"Verifier:Provinces:{i}:TrustListUrl"] = provinces[Codes[i].Code].TrustListUrl;
        }

        verifier = new ServiceProcess("Verifier", "ELicense.Verifier", settings);
        await verifier.StartAsync();
        client = new HttpClient { BaseAddress = verifier.BaseAddress };
        var token = (await provinces["320000"].Process.RunCommandAsync("token", "--sub", "dept-cross", "--role", "verifier", "--audience", "elicense-verifier")).Output.Trim();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var end = DateTime.UtcNow.AddSeconds(60);
        while (!(await client.GetStringAsync("/api/v1/trust-lists")).Split("\"sequence\":").Skip(1).All(part => char.IsAsciiDigit(part[0])))
        {
            Assert.True(DateTime.UtcNow < end, "the Verifier did not hold all three lists in 60 s");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Licences_of_every_province_are_VALID_foreign_roots_and_borrowed_keys_are_INVALID_and_a_stopped_province_still_verifies()
    {
        var issued = new Dictionary<string, string>();
        foreach (var (code, _) in Codes)
        {
            issued[code] = await provinces[code].IssueAsync();
            var verdict = await VerifyAsync(issued[code]);
            Assert.True(verdict.GetProperty("verdict").GetString() == "VALID", $"{code}: {verdict}");
        }

        var untrusted = QrPayloadCodec.Encode(Some.Licence(), TestPki.Untrusted.SignerFor("320000"));
        var foreign = await VerifyAsync(untrusted);
        Assert.Equal("INVALID", foreign.GetProperty("verdict").GetString());
        Assert.Equal("UNTRUSTED_ISSUER", foreign.GetProperty("reasons")[0].GetProperty("code").GetString());

        var jiangsuKey = DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2).SignerFor("320000");
        var borrowed = await VerifyAsync(QrPayloadCodec.Encode(Some.Licence(region: "310101"), jiangsuKey));
        Assert.Equal("INVALID", borrowed.GetProperty("verdict").GetString());
        Assert.Equal("ISSUER_REGION_MISMATCH", borrowed.GetProperty("reasons")[0].GetProperty("code").GetString());

        provinces["310000"].Process.Stop();
        await Task.Delay(500);
        var offline = await VerifyAsync(issued["310000"]);
        Assert.Equal("VALID", offline.GetProperty("verdict").GetString());
        Assert.StartsWith("PT", offline.GetProperty("trustListAge").GetString(), StringComparison.Ordinal);
        var state = JsonDocument.Parse(await client.GetStringAsync("/api/v1/trust-lists")).RootElement.EnumerateArray().Single(p => p.GetProperty("region").GetString() == "310000");
        Assert.Equal(JsonValueKind.Number, state.GetProperty("sequence").ValueKind);
    }

    private async Task<JsonElement> VerifyAsync(string qr)
    {
        var response = await client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "跨省通办核验" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public Task DisposeAsync()
    {
        client.Dispose();
        verifier.Dispose();
        foreach (var province in provinces.Values)
        {
            province.Dispose();
        }

        return Task.CompletedTask;
    }
}
